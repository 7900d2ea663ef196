import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built module (npm test builds first), as main.ts starts it. */
const HEARTBEAT = join(__dirname, '..', 'dist', 'src', 'common', 'memory-reducer-heartbeat.js');

/**
 * A process that allocated heavily and then idles: a burst of short-lived objects grows V8's heap
 * as a mixed load does, then only a timer runs. Prints its heap size every 250 ms. Run from a file:
 * `node -e` compiles through node:vm, which would itself unstick the reducer for a while.
 */
const BURST_THEN_IDLE = `
  const { startMemoryReducerHeartbeat } = require(${JSON.stringify(HEARTBEAT)});
  startMemoryReducerHeartbeat();
  let window = [];
  for (let i = 0; i < 400; i += 1) {
    window.push(Array.from({ length: 20000 }, (_, j) => ({ j, text: 'item ' + j })));
    if (window.length > 40) window.shift();
  }
  window = undefined;
  setInterval(() => console.log(process.memoryUsage().heapTotal), 250);
`;

/**
 * Memory grown under load goes back once the service is idle (issue #15): on Node 24 V8's memory
 * reducer never ran for an idle process (see memory-reducer-heartbeat.ts), and RSS stayed at its peak.
 */
describe('Memory after load (e2e, a Node process)', () => {
  it('V8 shrinks the heap within seconds of a burst ending, without any forced GC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroger-memory-'));
    writeFileSync(join(dir, 'burst-then-idle.js'), BURST_THEN_IDLE);
    const child = spawn(process.execPath, [join(dir, 'burst-then-idle.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sizes: number[] = [];
    try {
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(resolve, 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          sizes.push(...chunk.toString().trim().split('\n').map(Number));
          if (sizes[sizes.length - 1] < sizes[0] / 3) {
            clearTimeout(deadline);
            resolve();
          }
        });
      });
      const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
      // Its heap right after the burst, and at the end: a third of it or less once V8 has collected.
      expect(mib(sizes[sizes.length - 1])).toBeLessThan(mib(sizes[0]) / 3);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
