/**
 * The load generator: a process of its own, so the server under test never shares an event loop
 * with the client measuring it. The runner forks it and sends jobs over the IPC channel.
 */
import autocannon from 'autocannon';
import type { BurstJob, BurstResult, Job, JobResult, LoadJob, LoadResult, WorkerMessage } from './load-protocol';
import { summarizeLatencies } from './stats';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The value of cookie `name` among Set-Cookie headers, or null. */
function cookieValue(setCookie: string | string[] | undefined, name: string): string | null {
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair = ''] = line.split(';');
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}

function requestsFor(job: LoadJob): autocannon.Request[] {
  const spec = job.request;
  switch (spec.kind) {
    case 'get':
      return [{ method: 'GET', path: spec.path, headers: spec.headers ?? {} }];
    case 'post':
      return [{ method: 'POST', path: spec.path, headers: { ...JSON_HEADERS, ...spec.headers }, body: spec.body }];
    case 'login': {
      let next = 0;
      return [
        {
          method: 'POST',
          path: spec.path,
          headers: JSON_HEADERS,
          setupRequest(request) {
            const credentials = spec.credentials[next++ % spec.credentials.length];
            return { ...request, body: JSON.stringify(credentials) };
          },
        },
      ];
    }
    case 'refresh': {
      const pool = [...spec.tokens];
      return [
        {
          method: 'POST',
          path: spec.path,
          setupRequest(request, context) {
            const token = pool.shift();
            if (!token) throw new Error('More refresh requests in flight than tokens in the pool');
            (context as { token?: string }).token = token;
            return { ...request, headers: { ...JSON_HEADERS, cookie: `${spec.cookieName}=${token}` }, body: '{}' };
          },
          onResponse(_status, _body, context, headers) {
            const rotated = cookieValue(headers?.['set-cookie'], spec.cookieName);
            // A failed rotation is counted as a failure below; its old token keeps the loop going.
            pool.push(rotated ?? (context as { token: string }).token);
          },
        },
      ];
    }
  }
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let succeeded = 0;
    let failures = 0;
    let firstFailure: string | null = null;
    const requests = requestsFor(job).map((request) => ({
      ...request,
      onResponse(status: number, body: string, context: object, headers: autocannon.Request['headers']) {
        if (typeof request.onResponse === 'function') request.onResponse(status, body, context, headers);
        const expected = 'expect' in job.request ? job.request.expect : undefined;
        if (status >= 200 && status < 300 && (!expected || body.includes(expected))) return;
        failures++;
        firstFailure ??= `HTTP ${status} from ${request.path}: ${body.slice(0, 500)}`;
      },
    }));
    const instance = autocannon(
      {
        url: job.origin,
        connections: job.connections,
        ...(job.amount ? { amount: job.amount } : { duration: job.duration ?? 5 }),
        ...(job.overallRate ? { overallRate: job.overallRate } : {}),
        requests,
        timeout: 30,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const transportFailures = result.errors + result.timeouts;
        if (transportFailures > 0) firstFailure ??= `${result.errors} connection errors, ${result.timeouts} timeouts`;
        resolve({
          requests: latencies.length,
          durationSeconds: result.duration,
          perSecond: succeeded / result.duration,
          latency: summarizeLatencies(latencies),
          failures: failures + transportFailures,
          firstFailure,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) succeeded++;
    });
    // A failed answer is counted in onResponse above; perSecond counts 2xx only, and any failure
    // fails the run, so the two never disagree in a reported figure.
  });
}

async function runBurst(job: BurstJob): Promise<BurstResult> {
  // Open the connections first, so the burst measures the server rather than TCP set-up.
  await Promise.all(
    Array.from({ length: job.count }, async () => (await fetch(`${job.origin}/api/health`)).arrayBuffer()),
  );
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: job.count }, async () => {
      const sent = performance.now();
      const response = await fetch(`${job.origin}${job.path}`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...job.headers },
        body: job.body,
      });
      const body = await response.text();
      return {
        status: response.status,
        setCookie: response.headers.getSetCookie(),
        body,
        ms: performance.now() - sent,
      };
    }),
  );
  return {
    statuses: responses.map((response) => response.status),
    setCookies: responses.map((response) => response.setCookie),
    bodies: responses.map((response) => response.body.slice(0, 500)),
    latencies: responses.map((response) => response.ms),
    wallMs: performance.now() - started,
  };
}

function run(job: Job): Promise<JobResult> {
  return job.type === 'load' ? runLoad(job) : runBurst(job);
}

process.on('message', (message: { id: number; job: Job }) => {
  run(message.job).then(
    (result) => process.send?.({ id: message.id, result } satisfies WorkerMessage),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
