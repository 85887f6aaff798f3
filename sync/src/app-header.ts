/**
 * The request header that names the app a request belongs to (personal or business; see api.ts).
 * Alone in its module so a client can send it without loading the API's schemas.
 */
export const appHeader = 'x-souk-app';
