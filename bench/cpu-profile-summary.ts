/**
 * Self time of a `node --cpu-prof` profile, summed by package (or our own source folder) and by
 * function, so optimisation goes where the time is:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/http.bench.js
 *   node dist/bench/cpu-profile-summary.js /tmp/prof/CPU.*.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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
}

main();
