import { login } from '../api';
import type { BenchRun } from '../context';

/** The refresh cookie's value in a list of Set-Cookie headers. */
function refreshTokenIn(setCookies: string[], name: string): string | null {
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator) === name) return pair.slice(separator + 1);
  }
  return null;
}

/**
 * Scenario 3: refresh-token rotations per second, every one a row-locked transaction (each
 * connection rotates its own session's chain), against user.me at the same concurrency; then one
 * token refreshed by ten requests at once, which must all succeed with a single rotation (the grace
 * window hands every late request the same child), timed against one refresh alone.
 */
export async function refreshScenario(run: BenchRun): Promise<void> {
  const { connections, seconds, concurrentRefreshes } = run.settings.refresh;
  const origin = run.server.origin;
  const { main } = run.accounts;

  const signIns = [];
  for (let session = 0; session < connections + 2; session++) {
    signIns.push(await login(origin, main.email, main.password));
  }
  const cookieName = signIns[0]?.refreshCookie.name ?? '';
  const tokens = signIns.map((signIn) => signIn.refreshCookie.value);
  const chains = tokens.slice(0, connections);
  const [single = '', shared = ''] = tokens.slice(connections);

  const reads = await run.primary.load(
    {
      origin,
      request: {
        kind: 'get',
        path: '/api/trpc/user.me',
        headers: { authorization: `Bearer ${main.accessToken}` },
        expect: main.email,
      },
      connections,
      duration: seconds,
    },
    'user.me',
  );
  const rotations = await run.primary.load(
    {
      origin,
      request: { kind: 'refresh', path: '/api/trpc/auth.refresh', cookieName, tokens: chains },
      connections,
      duration: seconds,
    },
    'auth.refresh rotations',
  );
  const alone = await run.primary.load(
    {
      origin,
      request: { kind: 'refresh', path: '/api/trpc/auth.refresh', cookieName, tokens: [single] },
      connections: 1,
      amount: 20,
    },
    'auth.refresh alone',
  );

  const burst = await run.primary.burst({
    origin,
    path: '/api/trpc/auth.refresh',
    body: '{}',
    headers: { cookie: `${cookieName}=${shared}` },
    count: concurrentRefreshes,
  });
  const failed = burst.statuses.filter((status) => status !== 200).length;
  if (failed > 0) {
    throw new Error(
      `${failed} of ${concurrentRefreshes} concurrent refreshes of one token failed: ${burst.statuses.join(', ')}\n${burst.bodies.join('\n')}`,
    );
  }
  const children = new Set(burst.setCookies.map((setCookie) => refreshTokenIn(setCookie, cookieName)));
  const [child] = [...children];
  if (children.size !== 1 || !child || child === shared) {
    throw new Error(`Concurrent refreshes of one token forked the session: ${children.size} different new tokens`);
  }
  // The one child must itself rotate: the session survived the burst.
  await run.primary.load(
    {
      origin,
      request: { kind: 'refresh', path: '/api/trpc/auth.refresh', cookieName, tokens: [child] },
      connections: 1,
      amount: 1,
    },
    'auth.refresh of the child after the burst',
  );

  const scenario = '3 Refresh';
  run.add({
    scenario,
    measure: `auth.refresh rotations (${connections} conn, own sessions)`,
    value: rotations.perSecond,
    unit: 'req/s',
    baseline: { label: `user.me, ${connections} conn`, value: reads.perSecond },
  });
  run.add({
    scenario,
    measure: 'auth.refresh rotation p50',
    value: rotations.latency.p50,
    unit: 'ms',
    baseline: { label: `user.me, ${connections} conn`, value: reads.latency.p50 },
  });
  run.add({
    scenario,
    measure: `${concurrentRefreshes} refreshes of one token at once: ${concurrentRefreshes}/${concurrentRefreshes} OK, 1 rotation`,
    value: burst.wallMs,
    unit: 'ms',
    baseline: { label: 'one refresh alone, p50', value: alone.latency.p50 },
  });
  run.details.refresh = { reads, rotations, alone, burst: { ...burst, bodies: undefined } };
}
