import { escapeHtml, htmlPage } from '../../common/http/html-page';
import { SCOPE_WORDS, type McpScope } from './mcp-scopes';

/** The first step for a browser not signed in to us yet: Kroger is our only identity. */
export function signInPage(input: { clientName: string; krogerUrl: string }): string {
  return htmlPage(
    'Sign in with Kroger',
    `<h1>Connect ${escapeHtml(input.clientName)} to your Kroger account</h1>
<p>Sign in with your Kroger account first. If you have not used this service before, signing in links your Kroger account to it.</p>
<p><a id="sign-in" class="button primary" href="${escapeHtml(input.krogerUrl)}">Sign in with Kroger</a></p>`,
  );
}

/** The consent step: who asks, where it sends the answer, and what it may do, in words. */
export function consentPage(input: {
  clientName: string;
  clientDetail: string;
  redirectHost: string;
  scopes: McpScope[];
  action: string;
  csrfToken: string;
}): string {
  const scopes = input.scopes
    .map((scope) => `<li data-scope="${escapeHtml(scope)}">${escapeHtml(SCOPE_WORDS[scope])}</li>`)
    .join('');
  return htmlPage(
    'Allow access to your Kroger account?',
    `<h1>Allow <span id="client-name">${escapeHtml(input.clientName)}</span> to use your Kroger account?</h1>
<p class="muted" id="client-detail">${escapeHtml(input.clientDetail)}</p>
<p>It will be able to:</p><ul id="scopes">${scopes}</ul>
<p>After you decide, you go back to <b id="redirect-host">${escapeHtml(input.redirectHost)}</b>.</p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrfToken)}">
<button type="submit" name="decision" value="approve" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p class="muted">You can disconnect it at any time by unlinking your Kroger account.</p>`,
  );
}

/** An authorization request we cannot send back to the client (unknown client, unregistered redirect URI). */
export function oauthErrorPage(error: string, description: string | undefined): string {
  return htmlPage(
    'Authorization failed',
    `<h1>Authorization failed</h1><p id="error">${escapeHtml(error)}</p><p>${escapeHtml(description ?? '')}</p>`,
  );
}
