import type { MemorySample } from './memory-probe';

/** RSS split into what V8 and Node account for; the rest is native memory (wasm, malloc, code). */
export function memoryRow(label: string, m: MemorySample): [string, string] {
  const newSpace = m.spaces.new_space?.[0] ?? 0;
  return [
    `${label}, MiB`,
    `rss ${m.rss}, heap ${m.heapUsed} used of ${m.heapTotal} (new space ${newSpace}), external ${m.external} ` +
      `(array buffers ${m.arrayBuffers}), outside both ${m.rss - m.heapTotal - m.external}`,
  ];
}
