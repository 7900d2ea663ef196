import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built service as a real process (npm test builds it first). */
const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface RunningService {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function runService(env: Record<string, string | undefined>): RunningService {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** PORT=0 lets the OS choose; the start-up log line names the port actually bound. */
export async function waitForPort(running: RunningService, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const match = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(running.output());
    if (match) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`service did not start:\n${running.output()}`);
}
