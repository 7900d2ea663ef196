import { Injectable } from '@nestjs/common';
import { UrlElicitationRequiredError } from '@modelcontextprotocol/server';
import { ReauthTicketsService } from '../auth/reauth-tickets.service';
import { DomainError } from '../common/errors/domain-error';
import { domainErrorText, McpCall, ToolResult, toolError } from './mcp-toolset';

/** The errors a new Kroger sign-in cures. */
const LINK_ERRORS = new Set(['link.reauth_required', 'link.required']);

/**
 * A tool that needs the Kroger link hit one the user must sign in to again: the answer carries a
 * single-use, short-lived URL bound to that user. A client that declared URL-mode elicitation
 * (spec 2025-11-25) is asked to open it (-32042, the stateless way); any other gets it in words.
 */
@Injectable()
export class McpReauthorization {
  constructor(private readonly tickets: ReauthTicketsService) {}

  cures(error: DomainError): boolean {
    return LINK_ERRORS.has(error.code);
  }

  async answer(error: DomainError, call: McpCall): Promise<ToolResult> {
    const userId = call.principal?.userId;
    if (!userId) return toolError(domainErrorText(error));
    const { url } = await this.tickets.issue(userId);
    const message = 'Sign in to Kroger again to keep using your account from this assistant.';
    if (call.clientSupportsUrlElicitation)
      throw new UrlElicitationRequiredError([{ mode: 'url', url, message, elicitationId: url.slice(-16) }], message);
    return toolError(
      `${error.title}: ${error.detail}`,
      `Ask the user to open ${url} to sign in to Kroger again (the link works once, for a short time), then try again.`,
    );
  }
}
