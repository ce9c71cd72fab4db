import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';
import type { BenchRun } from '../context';
import { median } from '../stats';

/**
 * Scenario 2: sign-ins per second at the configured bcrypt cost against what the cores can hash
 * (cores / one hash's time, measured here in the same run), and user.me's latency, probed at a
 * steady pace from a second load process, while the sign-ins run compared with while the server idles.
 * bcrypt runs on libuv's thread pool; if it ran on the event loop, the probe's p99 would reach whole hash times.
 */
export async function loginScenario(run: BenchRun): Promise<void> {
  const { connections, seconds, probeRate, bcryptRounds, bcryptSamples } = run.settings.login;
  const origin = run.server.origin;
  const { main, logins } = run.accounts;

  const password = logins[0]?.password ?? 'password';
  const hash = await bcrypt.hash(password, bcryptRounds);
  const hashTimes: number[] = [];
  for (let sample = 0; sample < bcryptSamples; sample++) {
    const started = performance.now();
    await bcrypt.compare(password, hash);
    hashTimes.push(performance.now() - started);
  }
  const hashMs = median(hashTimes);
  const cores = availableParallelism();
  const hashLimit = (cores * 1000) / hashMs;

  const probe = {
    origin,
    request: {
      kind: 'get',
      path: '/api/trpc/user.me',
      headers: { authorization: `Bearer ${main.accessToken}` },
      expect: main.email,
    },
    connections: 1,
    overallRate: probeRate,
    duration: seconds,
  } as const;
  const idle = await run.secondary.load(probe, 'user.me probe, idle');
  const [signIns, underLoad] = await Promise.all([
    run.primary.load(
      {
        origin,
        request: {
          kind: 'login',
          path: '/api/trpc/auth.login',
          credentials: logins.map(({ email, password }) => ({ email, password })),
        },
        connections,
        duration: seconds,
      },
      'auth.login',
    ),
    run.secondary.load(probe, 'user.me probe during sign-ins'),
  ]);

  const scenario = '2 Login under load';
  run.add({
    scenario,
    measure: `auth.login throughput (${connections} conn, bcrypt ${bcryptRounds})`,
    value: signIns.perSecond,
    unit: 'req/s',
    baseline: { label: `${cores} cores / ${hashMs.toFixed(1)} ms hash`, value: hashLimit },
  });
  run.add({
    scenario,
    measure: `user.me p99 during ${connections} concurrent logins`,
    value: underLoad.latency.p99,
    unit: 'ms',
    baseline: { label: 'same probe, idle', value: idle.latency.p99 },
  });
  run.add({
    scenario,
    measure: `user.me p50 during ${connections} concurrent logins`,
    value: underLoad.latency.p50,
    unit: 'ms',
    baseline: { label: 'same probe, idle', value: idle.latency.p50 },
  });
  run.add({
    scenario,
    measure: 'user.me max during logins (event loop stall bound)',
    value: underLoad.latency.max,
    unit: 'ms',
    baseline: { label: 'one bcrypt hash', value: hashMs },
  });
  run.details.login = { cores, hashTimes, hashMs, hashLimit, signIns, idle, underLoad };
}
