export { startSandbox } from './sandbox';
export type { RunningSandbox, SandboxOptions } from './sandbox';
export { DEFAULT_CLIENTS, DEFAULT_CUSTOMERS, DEFAULT_REDIRECT_URIS } from './registry';
export type { Customer, RegisteredClient } from './registry';
