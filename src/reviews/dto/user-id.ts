/** A user id (the token subject) as the committee's DTOs document it. */
export const USER_ID = { minLength: 1, maxLength: 200, example: 'reviewer-3', description: 'A user id (the token subject).' } as const;
