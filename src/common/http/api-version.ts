/** The full version of the REST contract, sent as the API-Version header (NL ADR /core/version-header). */
export const API_VERSION = '1.0.0';
export const API_PREFIX = 'api/v1';
