import type { ApiScope } from '../../auth/access-tokens';

/**
 * The scopes MCP clients may ask for, with our API scope names (so a token's scopes mean the same on
 * every channel). Never `account`: a chat assistant does not manage the user's tokens or Kroger link.
 */
export const MCP_SCOPES = [
  'read',
  'cart:write',
  'lists:write',
  'loyalty:reveal',
  'profile:write',
] as const satisfies readonly ApiScope[];
export type McpScope = (typeof MCP_SCOPES)[number];

/** What the consent page says each scope lets the client do. */
export const SCOPE_WORDS: Record<McpScope, string> = {
  read: 'See products, prices and stores, your cart, your shopping lists, your profile and your coupons',
  'cart:write': 'Add products to your Kroger cart and change it, and clip coupons',
  'lists:write': 'Add to, check off and change your shopping lists',
  'loyalty:reveal': 'See your full loyalty card number',
  'profile:write': 'Change your preferred store',
};

export function isMcpScope(scope: string): scope is McpScope {
  return (MCP_SCOPES as readonly string[]).includes(scope);
}
