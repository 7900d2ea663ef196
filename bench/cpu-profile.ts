import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Profiles the CPU while `work` runs when BENCH_CPU_PROFILE names a file (a .cpuprofile, for
 * bench/cpu-profile-summary.ts or Chrome's DevTools): only the measured phase, not start-up or the
 * other servers of the same run.
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const target = process.env.BENCH_CPU_PROFILE;
  if (!target) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const file = target.replace(/(\.cpuprofile)?$/, `-${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile of ${label}: ${file}`);
    session.disconnect();
  }
}
