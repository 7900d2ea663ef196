import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Profiles the CPU while `work` runs when BENCH_CPU_PROFILE names a file (a .cpuprofile, for
 * bench/cpu-profile-summary.ts or Chrome's DevTools): only the measured phase, not start-up or the
 * other servers of the same run. BENCH_HEAP_PROFILE does the same for allocations (a sampled
 * .heapprofile of what was allocated during the phase, garbage included: where GC time comes from).
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const cpuTarget = process.env.BENCH_CPU_PROFILE;
  const heapTarget = process.env.BENCH_HEAP_PROFILE;
  if (!cpuTarget && !heapTarget) return work();
  const session = new Session();
  session.connect();
  if (cpuTarget) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (heapTarget) {
    await session.post('HeapProfiler.enable');
    // Objects collected before the phase ends are kept in the profile: garbage is what GC pays for.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  try {
    return await work();
  } finally {
    if (cpuTarget) {
      const { profile } = await session.post('Profiler.stop');
      writeProfile(cpuTarget, label, 'cpuprofile', profile);
    }
    if (heapTarget) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeProfile(heapTarget, label, 'heapprofile', profile);
    }
    session.disconnect();
  }
}

function writeProfile(target: string, label: string, kind: string, profile: unknown): void {
  const file = target.replace(new RegExp(`(\\.${kind})?$`), `-${label}.${kind}`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`${kind === 'cpuprofile' ? 'CPU' : 'Heap'} profile of ${label}: ${file}`);
}
