import { Script } from 'node:vm';

/**
 * Lets V8 give memory back once the service goes idle after load.
 *
 * V8 returns heap pages to the OS only when its memory reducer runs a memory-reducing GC, and the
 * reducer does so only once every allocation rate it tracks looks low. Since V8 13.1 (Node 24) the
 * rate of allocations on the embedder's C++ heap (cppgc) has no floor: a process that never
 * allocates there reports exactly 0, which V8 counts as the highest possible rate. Its reducer then
 * answers "high alloc" on every 8 s tick for as long as the process is idle, and the memory grown
 * under load stays resident (measured: RSS 1.5x its start after 30 s idle, the live heap back under
 * its start; V8 trace: "Embedder mutator utilization = 0.000 (mutator_speed=0)").
 *
 * Node allocates on cppgc for each `vm.Script`, so compiling a trivial one now and then keeps that
 * rate above zero (and far below any threshold): the reducer's own test then decides, as on Node 22,
 * and it collects within seconds of the load ending. This never runs a GC itself. The rate decays
 * to exactly 0 after about 110 s without a compile, hence the period.
 * Remove when the Node in use carries a V8 that treats a zero embedder rate as low.
 */
export function startMemoryReducerHeartbeat(periodMs = 60_000): () => void {
  const beat = () => new Script('0', { filename: 'memory-reducer-heartbeat' });
  beat();
  const timer = setInterval(beat, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
