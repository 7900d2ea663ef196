import { z } from 'zod';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { Profile } from './identity.contract';
import { IdentityService } from './identity.service';

@McpToolset()
export class IdentityTools implements Toolset {
  constructor(private readonly identity: IdentityService) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'get_profile',
      {
        title: 'Get Kroger profile',
        description: "The user's Kroger profile id (and on the partner tier name, email and masked loyalty card).",
        inputSchema: z.object({}),
        outputSchema: Profile,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      async (_args, call) => {
        const profile = await this.identity.profile(requirePrincipal(call, 'read'));
        return toolResult(
          { ...profile },
          `Kroger profile ${profile.profileId}${profile.firstName ? ` (${profile.firstName} ${profile.lastName ?? ''})` : ''}`,
        );
      },
    );
    mcp.tool(
      'get_loyalty_card',
      {
        title: 'Get loyalty card',
        description: "The user's Kroger loyalty card number, masked except the last 4 digits (partner tier).",
        inputSchema: z.object({}),
        outputSchema: z.object({ loyaltyCard: z.string().nullable() }),
        annotations: { readOnlyHint: true, openWorldHint: true },
        partnerFeature: 'loyalty',
      },
      async (_args, call) => {
        const card = (await this.identity.loyaltyCard(requirePrincipal(call, 'read'))) ?? null;
        return toolResult({ loyaltyCard: card }, card ? `Loyalty card ${card}` : 'No loyalty card on this account.');
      },
    );
  }
}
