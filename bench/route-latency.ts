/**
 * Latency by route, from the service's own Prometheus histogram (http_request_duration_seconds):
 * a mixed load's p99 says something is slow, this says which route. Percentiles are the upper
 * bound of the histogram bucket they fall in, so read them as "at most".
 */
export interface RouteLatency {
  route: string;
  count: number;
  p50: string;
  p99: string;
}

export async function routeLatencies(baseUrl: string, metricsToken: string): Promise<RouteLatency[]> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const buckets = new Map<string, Map<number, number>>();
  for (const line of (await res.text()).split('\n')) {
    const match = /^http_request_duration_seconds_bucket\{(.*)\} (\d+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    const route = `${labels.method} ${labels.route}`;
    const bound = labels.le === '+Inf' ? Infinity : Number(labels.le);
    const byBound = buckets.get(route) ?? new Map<number, number>();
    // Series of one route differ by status and channel: cumulative counts add up per bound.
    byBound.set(bound, (byBound.get(bound) ?? 0) + Number(match[2]));
    buckets.set(route, byBound);
  }
  return [...buckets].map(([route, byBound]) => {
    const bounds = [...byBound].sort((a, b) => a[0] - b[0]);
    const count = bounds[bounds.length - 1][1];
    const percentile = (p: number) => {
      const bound = bounds.find(([, cumulative]) => cumulative >= count * p)?.[0] ?? Infinity;
      return bound === Infinity ? '> largest bucket' : `<= ${bound * 1000} ms`;
    };
    return { route, count, p50: percentile(0.5), p99: percentile(0.99) };
  });
}
