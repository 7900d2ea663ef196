/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A small server-rendered page in the house style: no script, one inline style block (allowed by
 * our CSP's style-src 'unsafe-inline' from helmet's defaults). `body` must already be escaped HTML.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;color:#222}code{display:block;font-size:18px;background:#f2f2f2;padding:12px;word-break:break-all}button,a.button{font-size:16px;padding:10px 18px;margin-right:8px;border-radius:6px;border:1px solid #888;background:#fff;color:#222;text-decoration:none;display:inline-block}button.primary,a.primary{background:#0b5cad;color:#fff;border-color:#0b5cad}li{margin:6px 0}.muted{color:#666;font-size:14px}</style>
</head><body>${body}</body></html>`;
}
