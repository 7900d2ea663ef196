import { ConfigService } from '@nestjs/config';
import { z } from 'zod';
import { AppConfig, KrogerApiTier } from '../config/app-config';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { AccountStatus } from './auth.contract';
import { LinkingService } from './linking.service';
import { ReauthTicketsService } from './reauth-tickets.service';

const WORDS: Record<AccountStatus['linkStatus'], string> = {
  ACTIVE: 'Your Kroger account is linked and working.',
  REAUTH_REQUIRED: 'Kroger no longer accepts the link: sign in to Kroger again with the link below.',
  REVOKED: 'The Kroger account was unlinked: sign in to Kroger again with the link below to use your cart and profile.',
  NONE: 'No Kroger account is linked.',
};

/** The account as the chat sees it: is the Kroger link usable, which tier and scopes, what to do next. */
@McpToolset()
export class AccountTools implements Toolset {
  private readonly tier: KrogerApiTier;

  constructor(
    private readonly linking: LinkingService,
    private readonly reauthTickets: ReauthTicketsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.tier = config.get('kroger.tier', { infer: true });
  }

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'get_account_status',
      {
        title: 'Get account status',
        description:
          "Whether the user's Kroger account is linked and working, the API tier (public: search and add to cart; partner: " +
          'also full cart, loyalty card and coupons), what this connection may do, and what to do next (with a sign-in link when needed).',
        inputSchema: z.object({}),
        outputSchema: AccountStatus,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (_args, call) => {
        const principal = requirePrincipal(call, 'read');
        const account = await this.linking.accountOf(principal.userId);
        const linkStatus = account.krogerLink?.status ?? 'NONE';
        const reauthorizeUrl =
          linkStatus === 'REAUTH_REQUIRED' || linkStatus === 'REVOKED'
            ? (await this.reauthTickets.issue(principal.userId)).url
            : undefined;
        const status: AccountStatus = {
          linked: linkStatus === 'ACTIVE',
          linkStatus,
          tier: this.tier,
          scopes: principal.scopes,
          authenticatedWith: principal.kind,
          ...(principal.clientId ? { clientId: principal.clientId } : {}),
          ...(reauthorizeUrl ? { reauthorizeUrl } : {}),
          nextSteps: nextSteps(linkStatus, this.tier, principal.scopes, reauthorizeUrl),
        };
        return toolResult(status, `${WORDS[linkStatus]} ${status.nextSteps}`);
      },
    );
  }
}

function nextSteps(
  status: AccountStatus['linkStatus'],
  tier: KrogerApiTier,
  scopes: string[],
  reauthorizeUrl: string | undefined,
): string {
  if (reauthorizeUrl)
    return `Ask the user to open ${reauthorizeUrl} (it works once, for a short time) and sign in with the same Kroger account.`;
  if (status === 'NONE') return 'Ask the user to reconnect this assistant and sign in with Kroger.';
  const can = ['search products and stores'];
  if (scopes.includes('cart:write'))
    can.push(
      tier === 'partner'
        ? 'add to and change the cart and clip coupons'
        : 'add to the cart (Kroger shows it at checkout)',
    );
  if (scopes.includes('lists:write')) can.push('change shopping lists');
  if (scopes.includes('profile:write')) can.push('set the preferred store');
  const missing = ['cart:write', 'lists:write', 'profile:write'].filter((scope) => !scopes.includes(scope));
  return (
    `This connection can ${can.join(', ')}.` +
    (missing.length ? ` It lacks ${missing.join(' and ')}: reconnect and allow more to do that.` : '')
  );
}
