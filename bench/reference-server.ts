/**
 * A reference server for bench:http in a process of its own: the bare Node server or a NestJS
 * floor, answering one GET path with a fixed JSON body. In the bench's process, beside the full
 * service (its heap, PGlite, timers), a floor paid that process's garbage collection too: measured
 * 431 µs of CPU per request there against 290-303 µs alone.
 * Started with fork(): sends `{ port }` once listening, and answers `'cpu'` with its CPU time in µs.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFrameworkFloor } from './framework-floor';

export type ReferenceKind = 'bare' | 'express' | 'fastify';

async function main(): Promise<void> {
  const [kind, path, bodyFile] = process.argv.slice(2) as [ReferenceKind, string, string];
  const body = readFileSync(bodyFile, 'utf8');
  let port: number;
  if (kind === 'bare') {
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  } else {
    port = Number(new URL((await startFrameworkFloor(kind, path, JSON.parse(body))).url).port);
  }
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuUs: user + system });
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port });
}

void main();
