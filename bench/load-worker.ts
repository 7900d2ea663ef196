/** Runs one autocannon load (a JSON LoadPlan as its argument) and prints autocannon's result as JSON. */
import autocannon from 'autocannon';
import type { LoadPlan } from './load';

const plan = JSON.parse(process.argv[2]) as LoadPlan;
autocannon(
  {
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    headers: plan.headers,
    requests: (plan.paths ?? ['/']).map((path) => ({ method: 'GET', path })),
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
