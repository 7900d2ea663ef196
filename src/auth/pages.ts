const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;color:#222}code{display:block;font-size:18px;background:#f2f2f2;padding:12px;word-break:break-all}</style>
</head><body>${body}</body></html>`;
}

/** Shown when linking finished without a returnTo: the client copies the one-time code. */
export function codePage(code: string): string {
  return page(
    'Kroger account linked',
    `<h1>Kroger account linked</h1><p>Exchange this one-time code within two minutes at <b>POST /api/v1/auth/session</b>:</p><code id="code">${escapeHtml(code)}</code>`,
  );
}

/** No "try again" link: a login is started by the app (with its PKCE challenge), never by this page. */
export function errorPage(title: string, detail: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}
