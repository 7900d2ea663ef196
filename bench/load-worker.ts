/** Runs one autocannon load (a JSON LoadPlan as its argument) and prints autocannon's result as JSON. */
import autocannon from 'autocannon';
import type { LoadPlan } from './load';

const plan = JSON.parse(process.argv[2]) as LoadPlan;
const callers = plan.callers ?? [];
let nextCaller = 0;
/** autocannon clears a connection's context at the end of each pass through the paths: the next pass takes the next caller. */
const asCaller = (request: autocannon.Request, context: { caller?: Record<string, string> }) => {
  context.caller ??= callers[nextCaller++ % callers.length];
  return { ...request, headers: { ...request.headers, ...context.caller } };
};
autocannon(
  {
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    headers: plan.headers,
    requests: (plan.paths ?? ['/']).map((path) => ({
      method: 'GET',
      path,
      ...(callers.length > 0 ? { setupRequest: asCaller } : {}),
    })),
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
