/** A scripted server: answers in order, and keeps every request it received. */
export function scripted(...answers: ((request: Request) => Response)[]) {
  const received: Request[] = [];
  const fetch = (request: Request) => {
    received.push(request);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected ${request.method} ${request.url}`);
    return Promise.resolve(next(request));
  };
  return { fetch, received };
}

export const problem =
  (status: number, code: string, headers: Record<string, string> = {}) =>
  () =>
    Response.json(
      { type: `urn:problem:kroger-backend:${code}`, title: code, status, detail: code, code, requestId: 'req-1' },
      { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
    );
export const ok =
  (body: unknown, status = 200) =>
  () =>
    Response.json(body, { status });

/** One Server-Sent Events message, as the service writes it. */
export const sse = (event: string, data: unknown, id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const eventStreamHeaders = { 'Content-Type': 'text/event-stream' };

/** An event stream that sends `text` and ends. */
export const endingStream = (text: string) => () => new Response(text, { headers: eventStreamHeaders });

/** An event stream that sends `text` and stays open until the client aborts the request. */
export const openStream = (text: string) => (request: Request) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
      },
    }),
    { headers: eventStreamHeaders },
  );
