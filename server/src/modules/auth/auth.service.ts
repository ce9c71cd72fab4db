import { AUTH_MESSAGES, DEFAULT_CATEGORIES, type User } from '@finailytics/shared';
import type { AppDeps, RequestInfo } from '../../deps';
import { calendarDateIn, firstDayOfNextMonth } from '../../lib/calendar';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { countAttempt } from '../../lib/rate-limit';
import { insertMissingCategories } from '../category/category.repository';
import { findReportSettingByUser, insertReportSetting } from '../report/report-settings.repository';
import { findCredentialsByEmail, findUserById, insertUser, toUser, type UserRow } from '../user/user.repository';
import { refuseBreachedPassword } from './breached-passwords';
import { sendVerificationEmailInBackground } from './email-verification.service';
import { dummyHash, hashPassword, verifyPassword } from './password';
import {
  findCurrentChild,
  findRefreshTokenForUpdate,
  insertRefreshToken,
  insertSession,
  listActiveSessions,
  markRotated,
  revokeSessionById,
  revokeUserSession,
  revokeUserSessions,
  touchSession,
} from './session.repository';
import {
  createRefreshToken,
  deriveChildRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
  signAccessToken,
} from './tokens';
import { isTwoFactorEnabled } from './two-factor.repository';
import { completeTwoFactorChallenge, issueTwoFactorChallenge, type SecondFactor } from './two-factor.service';

type AuthDeps = Pick<AppDeps, 'db' | 'env' | 'clock' | 'rateLimits' | 'mailer'>;

export interface RegisterData {
  name: string;
  email: string;
  password: string;
  timezone?: string | undefined;
  currency?: string | undefined;
}

/**
 * Creates the user and their default report setting in one transaction: both or neither. The
 * verification e-mail goes out once that has committed, off the response path: a mail problem never
 * fails the sign-up, and the user can ask for the link again.
 */
export async function registerUser(deps: AuthDeps, input: RegisterData, request: RequestInfo): Promise<User> {
  // A sign-up the database could not take is given back, so an outage does not use up the address's
  // allowance for the hour.
  return countAttempt([[deps.rateLimits.signupPerIp, request.ip]], () => createAccount(deps, input));
}

async function createAccount(deps: AuthDeps, input: RegisterData): Promise<User> {
  await refuseBreachedPassword(input.password);
  if (await findCredentialsByEmail(deps.db, input.email)) {
    throw new AppError('CONFLICT', AUTH_MESSAGES.userExists);
  }
  const passwordHash = await hashPassword(input.password, deps.env.BCRYPT_ROUNDS);
  const now = deps.clock.now();
  const timezone = input.timezone ?? 'UTC';
  let user: User;
  try {
    user = await deps.db.transaction(async (tx) => {
      const row = await insertUser(tx, {
        name: input.name,
        email: input.email,
        passwordHash,
        timezone,
        currency: input.currency ?? 'USD',
        now,
      });
      await insertReportSetting(tx, {
        userId: row.id,
        frequency: 'MONTHLY',
        isEnabled: true,
        nextReportDate: firstDayOfNextMonth(calendarDateIn(timezone, now)),
        now,
      });
      await insertMissingCategories(tx, row.id, DEFAULT_CATEGORIES, now);
      return toUser(row);
    });
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides, the loser gets the same answer.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', AUTH_MESSAGES.userExists);
    throw error;
  }
  sendVerificationEmailInBackground(deps, user);
  return user;
}

export interface IssuedSession {
  accessToken: string;
  expiresAt: string;
  /** Goes into the HttpOnly cookie only; never into a response body. */
  refreshToken: string;
  refreshMaxAgeSeconds: number;
}

async function startSession(deps: AuthDeps, userId: string, request: RequestInfo): Promise<IssuedSession> {
  const now = deps.clock.now();
  const lifetime = deps.env.JWT_REFRESH_EXPIRES_IN;
  const refreshToken = createRefreshToken();
  const sessionId = await deps.db.transaction(async (tx) => {
    const id = await insertSession(tx, {
      userId,
      userAgent: request.userAgent,
      ip: request.ip,
      now,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
    });
    await insertRefreshToken(tx, {
      sessionId: id,
      tokenHash: hashRefreshToken(deps.env, refreshToken),
      parentId: null,
      now,
    });
    return id;
  });
  const access = signAccessToken(deps.env, { userId, sid: sessionId }, now);
  return {
    accessToken: access.token,
    expiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshMaxAgeSeconds: lifetime,
  };
}

export interface LoginResult extends IssuedSession {
  twoFactorRequired: false;
  user: User;
  reportSetting: { id: string; frequency: 'WEEKLY' | 'MONTHLY'; isEnabled: boolean } | null;
}

/** The password was right but the account has two-factor sign-in: auth.verifyTwoFactor finishes it. */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
  expiresAt: string;
}

/**
 * Unknown e-mail and wrong password give the same error after the same bcrypt work. Attempts are
 * counted before the password is checked and given back on success, so parallel guesses are
 * counted too. With two-factor sign-in on, a right password earns a challenge, not a session.
 */
export async function loginUser(
  deps: AuthDeps,
  input: { email: string; password: string },
  request: RequestInfo,
): Promise<LoginResult | TwoFactorChallenge> {
  const { loginPerEmail, loginPerIp } = deps.rateLimits;
  const emailKey = `${request.ip}|${input.email}`;
  // A sign-in the database could not look up checked no password, so it is not counted as a failure.
  const credentials = await countAttempt(
    [
      [loginPerEmail, emailKey],
      [loginPerIp, request.ip],
    ],
    async () => {
      const found = await findCredentialsByEmail(deps.db, input.email);
      const hash = found?.passwordHash ?? (await dummyHash(deps.env.BCRYPT_ROUNDS));
      const valid = await verifyPassword(input.password, hash);
      if (!found || !valid) {
        throw new AppError('UNAUTHORIZED', AUTH_MESSAGES.invalidCredentials);
      }
      return found;
    },
  );
  await Promise.all([loginPerEmail.delete(emailKey), loginPerIp.reward(request.ip, 1)]);

  const { passwordHash: _hash, ...userRow } = credentials;
  if (await isTwoFactorEnabled(deps.db, userRow.id)) {
    return { twoFactorRequired: true, ...(await issueTwoFactorChallenge(deps, userRow.id)) };
  }
  return signIn(deps, userRow, request);
}

/** The second sign-in step: a code from the app (or a recovery code) for the challenge, then a session. */
export async function completeTwoFactorLogin(
  deps: AuthDeps,
  input: { challenge: string } & SecondFactor,
  request: RequestInfo,
): Promise<LoginResult> {
  const userId = await completeTwoFactorChallenge(deps, input);
  const userRow = await findUserById(deps.db, userId);
  if (!userRow) throw new AppError('UNAUTHORIZED', AUTH_MESSAGES.sessionExpired);
  return signIn(deps, userRow, request);
}

async function signIn(deps: AuthDeps, userRow: UserRow, request: RequestInfo): Promise<LoginResult> {
  const [session, reportSetting] = await Promise.all([
    startSession(deps, userRow.id, request),
    findReportSettingByUser(deps.db, userRow.id),
  ]);
  return {
    ...session,
    twoFactorRequired: false,
    user: toUser(userRow),
    reportSetting: reportSetting
      ? { id: reportSetting.id, frequency: reportSetting.frequency, isEnabled: reportSetting.isEnabled }
      : null,
  };
}

type RefreshOutcome =
  | { kind: 'rotated'; userId: string; sessionId: string; refreshToken: string; sessionExpiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'reused' };

/**
 * Rotates a refresh token inside a transaction that holds the session's row lock.
 * - the current token: a new child is issued and the presented one is marked rotated;
 * - its immediate parent, within REFRESH_REUSE_INTERVAL_SECONDS: the same current child again (two
 *   tabs refreshing at once both end up holding one token; the session does not fork);
 * - any other spent token: replay, so the whole session is revoked.
 */
export async function refreshSession(deps: AuthDeps, presentedToken: string | undefined): Promise<IssuedSession> {
  if (!presentedToken || !looksLikeRefreshToken(presentedToken)) {
    throw new AppError('UNAUTHORIZED', AUTH_MESSAGES.sessionExpired);
  }
  const now = deps.clock.now();
  const presentedHash = hashRefreshToken(deps.env, presentedToken);
  const child = deriveChildRefreshToken(deps.env, presentedToken);

  const outcome = await deps.db.transaction(async (tx): Promise<RefreshOutcome> => {
    const found = await findRefreshTokenForUpdate(tx, presentedHash);
    if (!found) return { kind: 'invalid' };
    const { token, session } = found;
    if (session.revokedAt || session.expiresAt <= now) return { kind: 'invalid' };
    const rotated = {
      kind: 'rotated',
      userId: session.userId,
      sessionId: session.id,
      refreshToken: child,
      sessionExpiresAt: session.expiresAt,
    } as const;

    if (token.rotatedAt === null) {
      await insertRefreshToken(tx, {
        sessionId: session.id,
        tokenHash: hashRefreshToken(deps.env, child),
        parentId: token.id,
        now,
      });
      await markRotated(tx, token.id, now);
      await touchSession(tx, session.id, now);
      return rotated;
    }
    const current = await findCurrentChild(tx, token.id);
    const graceMs = deps.env.REFRESH_REUSE_INTERVAL_SECONDS * 1000;
    const withinGrace = now.getTime() - token.rotatedAt.getTime() <= graceMs;
    if (current && withinGrace && current.tokenHash === hashRefreshToken(deps.env, child)) {
      await touchSession(tx, session.id, now);
      return rotated;
    }
    await revokeSessionById(tx, session.id, 'reuse_detected', now);
    return { kind: 'reused' };
  });

  if (outcome.kind !== 'rotated') throw new AppError('UNAUTHORIZED', AUTH_MESSAGES.sessionExpired);
  const access = signAccessToken(deps.env, { userId: outcome.userId, sid: outcome.sessionId }, now);
  return {
    accessToken: access.token,
    expiresAt: access.expiresAt.toISOString(),
    refreshToken: outcome.refreshToken,
    refreshMaxAgeSeconds: Math.max(1, Math.floor((outcome.sessionExpiresAt.getTime() - now.getTime()) / 1000)),
  };
}

/** Ends the session the refresh token belongs to. Idempotent: an unknown token is simply ignored. */
export async function logoutSession(deps: AuthDeps, presentedToken: string | undefined): Promise<void> {
  if (!presentedToken || !looksLikeRefreshToken(presentedToken)) return;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const found = await findRefreshTokenForUpdate(tx, hashRefreshToken(deps.env, presentedToken));
    if (found) await revokeSessionById(tx, found.session.id, 'logout', now);
  });
}

export async function logoutAllSessions(deps: Pick<AuthDeps, 'db' | 'clock'>, userId: string): Promise<number> {
  return revokeUserSessions(deps.db, userId, 'logout_all', deps.clock.now());
}

export async function listSessions(deps: Pick<AuthDeps, 'db' | 'clock'>, userId: string, currentSessionId: string) {
  const rows = await listActiveSessions(deps.db, userId, deps.clock.now());
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    userAgent: row.userAgent,
    ip: row.ip,
    current: row.id === currentSessionId,
  }));
}

export async function revokeSession(deps: Pick<AuthDeps, 'db' | 'clock'>, userId: string, sessionId: string) {
  const revoked = await revokeUserSession(deps.db, userId, sessionId, deps.clock.now());
  if (!revoked) throw new AppError('NOT_FOUND', 'Session not found');
}
