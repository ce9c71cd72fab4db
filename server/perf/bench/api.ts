/**
 * The few tRPC calls the runner makes itself to set a run up (sign-ups, sign-ins). Measurements
 * never go through here: they come from the load processes.
 */

export interface Account {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
}

export function queryPath(procedure: string, input?: unknown): string {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return `/api/trpc/${procedure}${query}`;
}

async function post(origin: string, procedure: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`${procedure} answered ${response.status}: ${body.slice(0, 500)}`);
  return { body: JSON.parse(body) as { result: { data: unknown } }, setCookie: response.headers.getSetCookie() };
}

export async function register(origin: string, name: string, email: string, password: string): Promise<void> {
  await post(origin, 'auth.register', { name, email, password });
}

export interface SignIn {
  account: Account;
  /** The refresh cookie's name and value. */
  refreshCookie: { name: string; value: string };
}

export async function login(origin: string, email: string, password: string): Promise<SignIn> {
  const { body, setCookie } = await post(origin, 'auth.login', { email, password });
  const data = body.result.data as { accessToken: string; user: { id: string } };
  const pair = setCookie.map((line) => line.split(';')[0] ?? '').find((cookie) => cookie.includes('_refresh='));
  if (!pair) throw new Error('auth.login set no refresh cookie');
  const separator = pair.indexOf('=');
  return {
    account: { email, password, userId: data.user.id, accessToken: data.accessToken },
    refreshCookie: { name: pair.slice(0, separator), value: pair.slice(separator + 1) },
  };
}
