/** A code (of a scheme, window, budget line, region or criterion): upper-case letters, digits, - and _. */
export const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
export const CODE_MESSAGE = { message: 'must be 1–40 upper-case letters, digits, "-" or "_"' };
