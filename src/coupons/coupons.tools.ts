import { z } from 'zod';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { ClipState, Coupon, CouponId, CouponQuery } from './coupons.contract';
import { CouponsService } from './coupons.service';

@McpToolset()
export class CouponsTools implements Toolset {
  constructor(private readonly coupons: CouponsService) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'list_coupons',
      {
        title: 'List coupons',
        description:
          "Digital coupons (partner tier), optionally for a product or store, showing which are clipped to the user's card.",
        inputSchema: CouponQuery.pick({ productId: true, locationId: true }),
        outputSchema: z.object({ coupons: z.array(Coupon) }),
        annotations: { readOnlyHint: true, openWorldHint: true },
        partnerFeature: 'coupons',
      },
      async (args, call) => {
        const coupons = await this.coupons.list(requirePrincipal(call, 'read').userId, args);
        return toolResult(
          { coupons },
          coupons.map((c) => `${c.couponId}: ${c.description}${c.clipped ? ' [clipped]' : ''}`).join('\n') ||
            'No coupons.',
        );
      },
    );
    for (const [name, clip] of [
      ['clip_coupon', true],
      ['unclip_coupon', false],
    ] as const) {
      mcp.tool(
        name,
        {
          title: clip ? 'Clip coupon' : 'Unclip coupon',
          description: clip
            ? "Loads a coupon onto the user's loyalty card (partner tier). Only when the user asked."
            : "Removes a coupon from the user's loyalty card (partner tier).",
          inputSchema: z.object({ couponId: CouponId }),
          outputSchema: ClipState,
          annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
          partnerFeature: 'coupons',
        },
        async (args, call) => {
          const userId = requirePrincipal(call, 'cart:write').userId;
          await (clip ? this.coupons.clip(userId, args.couponId) : this.coupons.unclip(userId, args.couponId));
          return toolResult(
            { couponId: args.couponId, clipped: clip },
            `Coupon ${args.couponId} ${clip ? 'clipped' : 'removed'}.`,
          );
        },
      );
    }
  }
}
