export const TOKEN_VAULT = Symbol('TOKEN_VAULT');
export const ACCESS_TOKENS = Symbol('ACCESS_TOKENS');
