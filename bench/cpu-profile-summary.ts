/**
 * Self time of a `node --cpu-prof` profile, summed by package (or our own source folder) and by
 * function, and total time by function (itself and all it calls, counted once per sample even when
 * recursive), so optimisation goes where the time is: total time prices a whole step of the
 * request chain (a guard, an interceptor, a middleware), self time the leaf that burns it.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/http.bench.js
 *   node dist/bench/cpu-profile-summary.js /tmp/prof/CPU.*.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `pkg:@nestjs/core`, `src/common`, `node:internal`, `(garbage collector)`... */
function ownerOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return `pkg:${scope.startsWith('@') ? `${scope}/${name}` : scope}`;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const dist = /\/dist\/((?:src|sandbox|bench)\/[^/]+)/.exec(url);
  return dist ? dist[1] : url;
}

function totalTimes(profile: Profile, byId: Map<number, ProfileNode>, selfUs: Map<number, number>) {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url) continue;
      const name = `${functionName || '(anonymous)'} ${ownerOf(url, functionName)}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + us);
    }
  }
  return totals;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const top = Number(topArg ?? 25);
  const print = (title: string, rows: Map<string, number>) => {
    console.log(`\n${title} (busy ${(total / 1e6).toFixed(1)} s, idle excluded)`);
    for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  };
  print('Self time by package / folder', owners);
  print('Self time by function', functions);
  print('Total time by function (with what it calls)', totalTimes(profile, byId, selfUs));
}

main();
