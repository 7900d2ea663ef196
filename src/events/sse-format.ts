/** One Server-Sent Events message (WHATWG HTML, "Server-sent events": the event stream format). */
export interface SseMessage {
  id?: string;
  event: string;
  data: unknown;
}

/** `data` as JSON, one `data:` line per line so that no field ever carries a line break. */
export function formatSseMessage(message: SseMessage): string {
  const lines: string[] = [];
  if (message.id !== undefined) lines.push(`id: ${singleLine(message.id)}`);
  lines.push(`event: ${singleLine(message.event)}`);
  for (const line of JSON.stringify(message.data).split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

/** A comment line: ignored by clients, it keeps proxies and the connection from going idle. */
export function formatSseComment(text: string): string {
  return `: ${singleLine(text)}\n\n`;
}

export function formatSseRetry(milliseconds: number): string {
  return `retry: ${Math.round(milliseconds)}\n\n`;
}

function singleLine(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}
