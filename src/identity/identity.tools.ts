import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { McpCaller, McpToolset, requirePrincipal, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { Profile } from './identity.contract';
import { IdentityService } from './identity.service';

@McpToolset()
export class IdentityTools implements Toolset {
  constructor(private readonly identity: IdentityService) {}

  register(server: McpServer, caller: McpCaller): void {
    server.registerTool(
      'get_profile',
      {
        title: 'Get Kroger profile',
        description: "The user's Kroger profile id (and on the partner tier name, email and masked loyalty card).",
        inputSchema: z.object({}),
        outputSchema: Profile,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      () =>
        runTool(async () => {
          const profile = await this.identity.profile(requirePrincipal(caller, 'read'));
          return toolResult(
            { ...profile },
            `Kroger profile ${profile.profileId}${profile.firstName ? ` (${profile.firstName} ${profile.lastName ?? ''})` : ''}`,
          );
        }),
    );
    server.registerTool(
      'get_loyalty_card',
      {
        title: 'Get loyalty card',
        description: "The user's Kroger loyalty card number, masked except the last 4 digits (partner tier).",
        inputSchema: z.object({}),
        outputSchema: z.object({ loyaltyCard: z.string().nullable() }),
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      () =>
        runTool(async () => {
          const card = (await this.identity.loyaltyCard(requirePrincipal(caller, 'read'))) ?? null;
          return toolResult({ loyaltyCard: card }, card ? `Loyalty card ${card}` : 'No loyalty card on this account.');
        }),
    );
  }
}
