import { escapeHtml, htmlPage } from '../common/http/html-page';

/** Shown when linking finished without a returnTo: the client copies the one-time code. */
export function codePage(code: string): string {
  return htmlPage(
    'Kroger account linked',
    `<h1>Kroger account linked</h1><p>Exchange this one-time code within two minutes at <b>POST /api/v1/auth/session</b>:</p><code id="code">${escapeHtml(code)}</code>`,
  );
}

/** No "try again" link: a login is started by the app (with its PKCE challenge), never by this page. */
export function errorPage(title: string, detail: string): string {
  return htmlPage(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}

/**
 * A re-authorization link's landing page: one button that posts back to use the ticket, so a link
 * preview (which only GETs) never spends it. The form has no fields: the ticket stays in the URL.
 */
export function reauthorizePage(action: string): string {
  return htmlPage(
    'Sign in to Kroger again',
    `<h1>Sign in to Kroger again</h1><p>Kroger asks you to sign in again before your assistant or app can use your account.</p><form method="post" action="${escapeHtml(action)}"><button class="primary" type="submit">Sign in to Kroger</button></form><p class="muted">Sign in with the same Kroger account you linked before. This link works once.</p>`,
  );
}

/** After a re-authorization: the link works again; the user goes back to their assistant or app. */
export function reauthorizedPage(): string {
  return htmlPage(
    'Kroger account signed in again',
    '<h1>Kroger account signed in again</h1><p id="done">Your Kroger link is active again. You can close this tab and go back to your assistant or app.</p>',
  );
}
