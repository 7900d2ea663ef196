import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';

const DOWN_MS = 1_000;

/**
 * A small round-robin load balancer on loopback, standing in for Caddy in docker-compose.yml. A request
 * whose connection to an instance fails (refused, or reset before an answer) is tried on the next one
 * when retrying cannot do a write twice: GET and HEAD, and requests carrying an Idempotency-Key.
 * Everything else is answered 502. Counts what it did, for tests and benchmarks.
 */
export class LoopbackBalancer {
  readonly stats = { requests: 0, retried: 0, failed: 0 };
  private next = 0;
  /** Passive health, like Caddy's fail_duration: an instance that refused a connection is skipped a while. */
  private readonly downUntil = new Map<number, number>();
  private server?: Server;

  constructor(
    private readonly backends: { port: number }[],
    private readonly port = 0,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const body = await readBody(req);
    const retriable = req.method === 'GET' || req.method === 'HEAD' || req.headers['idempotency-key'] !== undefined;
    const first = this.next++ % this.backends.length;
    const now = Date.now();
    const order = this.backends.map((_, attempt) => this.backends[(first + attempt) % this.backends.length]);
    const up = order.filter((backend) => (this.downUntil.get(backend.port) ?? 0) <= now);
    for (const [attempt, backend] of (up.length > 0 ? up : order).entries()) {
      if (attempt > 0 && !retriable) break;
      if (attempt > 0) this.stats.retried += 1;
      if (await this.forward(backend.port, req, body, res)) return;
      this.downUntil.set(backend.port, Date.now() + DOWN_MS);
    }
    this.stats.failed += 1;
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  }

  /** False when no answer came back from that instance (nothing has been sent to the client yet). */
  private forward(port: number, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
      const headers = { ...req.headers, 'x-forwarded-for': forwardedFor, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
        resolve(true);
      });
      upstream.on('error', () => resolve(false));
      upstream.end(body);
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
