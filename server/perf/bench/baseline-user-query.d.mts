// Types for baseline-user-query.mjs, which the baseline processes run as plain JavaScript.
import type { KeyObject } from 'node:crypto';
import type pg from 'pg';

export interface BaselineUserRow {
  id: string;
  name: string;
  email: string;
  email_verified_at: Date | null;
  profile_picture: string | null;
  timezone: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

export declare const USER_BY_SESSION: { name: string; text: string };
export declare function findUserBySession(
  pool: pg.Pool,
  userId: string,
  sessionId: string,
  now: Date,
): Promise<BaselineUserRow | undefined>;
export declare function toUser(row: BaselineUserRow): Record<string, unknown>;
export declare function claimsOf(payload: unknown): { userId: string; sid: string } | null;
export declare function userOf(
  authorization: string | undefined,
  key: KeyObject,
  pool: pg.Pool,
): Promise<Record<string, unknown> | null>;
