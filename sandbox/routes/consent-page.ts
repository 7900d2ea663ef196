import { CHAINS } from '../data/chains';
import { SCOPE_DESCRIPTIONS } from '../registry';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface ConsentPageInput {
  params: Record<string, string>;
  scopes: string[];
  banner: string;
  error?: string;
  email?: string;
}

/** The sign-in and consent page, branded by `banner` like Kroger's. */
export function renderConsentPage(input: ConsentPageInput): string {
  const chain = CHAINS.find((c) => c.consentBanner === input.banner) ?? CHAINS[0];
  const hidden = Object.entries(input.params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const scopes = input.scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code> ${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in - ${escapeHtml(chain.friendlyBannerName)} (sandbox)</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f4f4; margin: 0; }
    header { background: ${chain.themeColor}; color: #fff; padding: 16px 24px; font-size: 22px; font-weight: 600; }
    main { max-width: 420px; margin: 32px auto; background: #fff; padding: 24px; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
    label { display: block; margin-top: 12px; font-weight: 600; }
    input[type=email], input[type=password] { width: 100%; padding: 8px; box-sizing: border-box; margin-top: 4px; }
    .error { color: #b00020; margin-top: 8px; }
    .actions { display: flex; gap: 12px; margin-top: 20px; }
    button { flex: 1; padding: 10px; font-size: 16px; border-radius: 4px; border: 1px solid ${chain.themeColor}; cursor: pointer; }
    button[value=approve] { background: ${chain.themeColor}; color: #fff; }
    button[value=deny] { background: #fff; color: ${chain.themeColor}; }
    .note { font-size: 12px; color: #666; margin-top: 16px; }
  </style>
</head>
<body>
  <header>${escapeHtml(chain.friendlyBannerName)}</header>
  <main>
    <h1>Sign in to continue</h1>
    <p>An application is asking to:</p>
    <ul id="scopes">${scopes}</ul>
    <form method="post" action="/v1/connect/oauth2/authorize">
      ${hidden}
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(input.email ?? '')}" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password">
      ${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
      <div class="actions">
        <button type="submit" name="decision" value="approve">Sign in and allow</button>
        <button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
      </div>
    </form>
    <p class="note">Kroger sandbox: a local simulator. Seeded customers use the password <code>sandbox</code>.</p>
  </main>
</body>
</html>`;
}
