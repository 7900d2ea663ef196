/** Injection token of the resolved Kroger connection (base URL, credentials, embedded sandbox). */
export const KROGER_CONNECTION = Symbol('KROGER_CONNECTION');
