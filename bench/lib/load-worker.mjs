// Runs one autocannon measurement in a child process, so the load generator has
// its own event loop and does not queue behind the server it measures. (Not a
// worker thread: inside one, autocannon returns raw histograms for its own workers mode.)
import autocannon from 'autocannon';

const spec = await new Promise((resolve) => process.once('message', resolve));
const { url, method, path, headers, body, connections, duration, idReplacement, randomId } = spec;

const requests = randomId
  ? [{ setupRequest: (req) => ({ ...req, path: `${randomId.prefix}${randomId.min + Math.floor(Math.random() * (randomId.max - randomId.min + 1))}` }) }]
  : undefined;

// Keys left undefined would override autocannon's defaults, so only set ones are passed.
const options = Object.fromEntries(
  Object.entries({ url: `${url}${path}`, method, headers, body, connections, duration, idReplacement: Boolean(idReplacement), requests, timeout: 10 }).filter(
    ([, value]) => value !== undefined,
  ),
);
// Bounded: the run stops by itself after `duration` seconds.
const result = await autocannon(options);
if (!result.latency) throw new Error(`autocannon failed: ${JSON.stringify(result).slice(0, 300)}`);

process.send({
  requestsPerSecond: result.requests.average,
  requests: result.requests.total,
  latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(['1xx', '2xx', '3xx', '4xx', '5xx'].map((k) => [k, result[k]])),
});
process.disconnect();
