import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type Categorisation,
  firstMatchingRule,
  fromCents,
  type MatchableRule,
  type MatchableTransaction,
  type PaymentMethod,
  RULE_LIMITS,
  type Rule,
  type RuleApplyResult,
  type RuleData,
  type RulePreview,
  type RulePreviewSample,
  type TransactionType,
  toCents,
  UNCATEGORIZED_CATEGORY,
  type UpdateRuleData,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { yieldEvery } from '../../lib/event-loop-turns';
import { findOrCreateCategory } from '../category/category.repository';
import {
  applyChangeToTransactions,
  countAndLastPosition,
  deleteUserRule,
  findRecentTitles,
  findTransactionBatch,
  findUserCategory,
  findUserRule,
  insertRule,
  listRulesByUser,
  lockUser,
  type RuleChange,
  type RuleRow,
  type RuleValues,
  type ScannedTransaction,
  setRulePositions,
  updateUserRule,
} from './rule.repository';
import { isUncategorized, suggestFromHistory } from './suggestion';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const ruleNotFound = () => notFound('Rule');

/**
 * A rule as the matcher reads it. A rule applies only to transactions of its category's kind: an
 * expense category is never given to income, whatever the rule's own type says.
 */
export interface LoadedRule extends MatchableRule {
  id: string;
  position: number;
  row: RuleRow;
}

function loaded(row: RuleRow): LoadedRule {
  return {
    id: row.id,
    position: row.position,
    field: row.field,
    operator: row.operator,
    pattern: row.pattern,
    amountMinCents: row.amountMinCents,
    amountMaxCents: row.amountMaxCents,
    transactionType: row.categoryKind,
    row,
  };
}

export async function loadRules(db: Db, userId: string): Promise<LoadedRule[]> {
  return (await listRulesByUser(db, userId)).map(loaded);
}

function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    position: row.position,
    field: row.field,
    operator: row.operator,
    pattern: row.pattern,
    amountMin: row.amountMinCents === null ? null : fromCents(row.amountMinCents),
    amountMax: row.amountMaxCents === null ? null : fromCents(row.amountMaxCents),
    transactionType: row.transactionType,
    categoryId: row.categoryId,
    category: row.category,
    categoryKind: row.categoryKind,
    setTitle: row.setTitle,
    setPaymentMethod: row.setPaymentMethod,
  };
}

export function ruleCategorisation(rule: LoadedRule): Categorisation {
  return {
    by: 'rule',
    ruleId: rule.id,
    rulePattern: rule.row.pattern,
    category: rule.row.category,
    categoryId: rule.row.categoryId,
    setTitle: rule.row.setTitle,
    setPaymentMethod: rule.row.setPaymentMethod,
  };
}

/* ------------------------------------------------------------------------------------------------
 * list / create / update / delete / reorder
 * ---------------------------------------------------------------------------------------------- */

export async function listRules(deps: Pick<Deps, 'db'>, userId: string): Promise<Rule[]> {
  return (await listRulesByUser(deps.db, userId)).map(toRule);
}

/** The user's category by id, refusing one whose kind the rule's transaction type contradicts. */
async function requireCategory(db: Db, userId: string, categoryId: string, type: TransactionType | null) {
  const category = await findUserCategory(db, userId, categoryId);
  if (!category) throw notFound('Category');
  if (type !== null && type !== category.kind) {
    throw new AppError(
      'BAD_REQUEST',
      `“${category.name}” is ${category.kind === 'INCOME' ? 'an income' : 'an expense'} category; the rule's type must match it`,
    );
  }
  return category;
}

function valuesOf(input: RuleData): RuleValues {
  return {
    field: input.field,
    operator: input.operator,
    pattern: input.pattern,
    amountMinCents: input.amountMin == null ? null : toCents(input.amountMin),
    amountMaxCents: input.amountMax == null ? null : toCents(input.amountMax),
    transactionType: input.transactionType ?? null,
    categoryId: input.categoryId,
    setTitle: input.setTitle ?? null,
    setPaymentMethod: input.setPaymentMethod ?? null,
  };
}

/** Adds the rule last in the order. At most RULE_LIMITS.perUser rules per user. */
export async function createRule(deps: Deps, userId: string, input: RuleData): Promise<Rule> {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const { total, last } = await countAndLastPosition(tx, userId);
    if (total >= RULE_LIMITS.perUser) {
      throw new AppError('BAD_REQUEST', `You can have at most ${RULE_LIMITS.perUser} rules; delete one to add another`);
    }
    await requireCategory(tx, userId, input.categoryId, input.transactionType ?? null);
    return insertRule(tx, userId, last === null ? 0 : last + 1, valuesOf(input), now);
  });
  const row = await findUserRule(deps.db, userId, id);
  if (!row) throw ruleNotFound();
  return toRule(row);
}

/**
 * "Always do this": a rule from a suggestion — the title contains the merchant → the category, by
 * name (created when the person has no category of that name and kind yet).
 */
export async function createRuleFromSuggestion(
  deps: Deps,
  userId: string,
  input: { merchant: string; category: string; type: TransactionType },
): Promise<Rule> {
  const category = await findOrCreateCategory(deps.db, userId, input.type, input.category, deps.clock.now());
  return createRule(deps, userId, {
    field: 'TITLE',
    operator: 'CONTAINS',
    pattern: input.merchant,
    categoryId: category.id,
    setTitle: null,
  });
}

export async function updateRule(deps: Deps, userId: string, input: UpdateRuleData): Promise<Rule> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const current = await findUserRule(tx, userId, input.id);
    if (!current) throw ruleNotFound();
    const changes: Partial<RuleValues> = {};
    if (input.field !== undefined) changes.field = input.field;
    if (input.operator !== undefined) changes.operator = input.operator;
    if (input.pattern !== undefined) changes.pattern = input.pattern;
    if (input.amountMin !== undefined)
      changes.amountMinCents = input.amountMin === null ? null : toCents(input.amountMin);
    if (input.amountMax !== undefined)
      changes.amountMaxCents = input.amountMax === null ? null : toCents(input.amountMax);
    if (input.transactionType !== undefined) changes.transactionType = input.transactionType;
    if (input.categoryId !== undefined) changes.categoryId = input.categoryId;
    if (input.setTitle !== undefined) changes.setTitle = input.setTitle;
    if (input.setPaymentMethod !== undefined) changes.setPaymentMethod = input.setPaymentMethod;
    const min = changes.amountMinCents !== undefined ? changes.amountMinCents : current.amountMinCents;
    const maxCents = changes.amountMaxCents !== undefined ? changes.amountMaxCents : current.amountMaxCents;
    if (min !== null && maxCents !== null && min > maxCents) {
      throw new AppError('BAD_REQUEST', 'The smallest amount must not be above the largest');
    }
    const type = changes.transactionType !== undefined ? changes.transactionType : current.transactionType;
    await requireCategory(tx, userId, changes.categoryId ?? current.categoryId, type);
    await updateUserRule(tx, userId, input.id, changes, now);
  });
  const row = await findUserRule(deps.db, userId, input.id);
  if (!row) throw ruleNotFound();
  return toRule(row);
}

export async function deleteRule(deps: Pick<Deps, 'db'>, userId: string, id: string): Promise<{ id: string }> {
  if (!(await deleteUserRule(deps.db, userId, id))) throw ruleNotFound();
  return { id };
}

/** `ids` must be exactly the user's rules, each once: the new order, first tried first. */
export async function reorderRules(deps: Deps, userId: string, ids: string[]): Promise<Rule[]> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const current = await listRulesByUser(tx, userId);
    const known = new Set(current.map((rule) => rule.id));
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== known.size || ids.some((id) => !known.has(id))) {
      throw new AppError('BAD_REQUEST', 'The new order must list each of your rules exactly once');
    }
    await setRulePositions(tx, userId, ids, now);
  });
  return listRules(deps, userId);
}

/* ------------------------------------------------------------------------------------------------
 * preview / apply on existing transactions
 * ---------------------------------------------------------------------------------------------- */

/**
 * Transactions read per query while scanning a ledger, under the ≤ 500 rows per statement the
 * embedded database takes without holding the event loop for long; the loop gets a turn between.
 */
export const SCAN_BATCH_ROWS = 500;

/**
 * Transactions rewritten per UPDATE. Each row rewrites its index entries (the trigram one included)
 * and the daily rollup through its trigger. Measured applying 100 rules to 20,000 transactions on the
 * embedded database (two cores, load average 10): with 500 rows per statement the event loop stalled
 * up to 380 ms between turns; with 100, 95% of turns came within 71 ms (the worst 537 ms, under that load).
 */
const UPDATE_STATEMENT_ROWS = 100;

/** What the rule would write on this transaction, or null when it already holds all of it. */
function changeFor(rule: LoadedRule, row: ScannedTransaction): RuleChange | null {
  const change: RuleChange = {
    category: rule.row.category,
    title: rule.row.setTitle,
    paymentMethod: rule.row.setPaymentMethod,
  };
  const differs =
    row.category !== change.category ||
    (change.title !== null && row.title !== change.title) ||
    (change.paymentMethod !== null && row.paymentMethod !== change.paymentMethod);
  return differs ? change : null;
}

export interface ScanOptions {
  /** Transactions looked at, at most: RULE_LIMITS.scanMax unless a test asks for fewer. */
  max?: number;
  /** Which rule changes a transaction: one rule alone, or the first of all that matches. */
  choose: (transaction: ScannedTransaction) => LoadedRule | undefined;
  onlyUncategorized: boolean;
  /** Called with each batch's changes, grouped by rule. */
  onBatch: (changes: Map<LoadedRule, ScannedTransaction[]>) => Promise<void>;
}

/**
 * Walks the user's transactions, most recent first, RULE_LIMITS.scanMax at most, in keyset batches of
 * SCAN_BATCH_ROWS, and hands each batch's would-be changes to `onBatch`.
 */
export async function scanLedger(db: Db, userId: string, options: ScanOptions) {
  const max = options.max ?? RULE_LIMITS.scanMax;
  let after: { date: string; id: string } | null = null;
  let scanned = 0;
  let truncated = false;
  while (scanned < max) {
    const limit = Math.min(SCAN_BATCH_ROWS, max - scanned);
    const batch = await findTransactionBatch(db, userId, after, limit);
    if (batch.length === 0) break;
    scanned += batch.length;
    const changes = new Map<LoadedRule, ScannedTransaction[]>();
    for (const row of batch) {
      if (options.onlyUncategorized && !isUncategorized(row.category)) continue;
      const rule = options.choose(row);
      if (!rule || !changeFor(rule, row)) continue;
      const list = changes.get(rule) ?? [];
      list.push(row);
      changes.set(rule, list);
    }
    await options.onBatch(changes);
    const last = batch[batch.length - 1];
    if (!last || batch.length < limit) break;
    after = { date: last.date, id: last.id };
    if (scanned === max) {
      truncated = (await findTransactionBatch(db, userId, after, 1)).length > 0;
    }
    await yieldToEventLoop();
  }
  return { scanned, truncated };
}

function chooserFor(rules: LoadedRule[] | LoadedRule) {
  if (Array.isArray(rules)) return (row: ScannedTransaction) => firstMatchingRule(rules, asMatchable(row));
  return (row: ScannedTransaction) => (firstMatchingRule([rules], asMatchable(row)) ? rules : undefined);
}

function asMatchable(row: ScannedTransaction): MatchableTransaction {
  return { title: row.title, description: row.description, type: row.type, amountCents: row.amountCents };
}

async function previewWith(db: Db, userId: string, rules: LoadedRule[] | LoadedRule): Promise<RulePreview> {
  let count = 0;
  const sample: RulePreviewSample[] = [];
  const { scanned, truncated } = await scanLedger(db, userId, {
    choose: chooserFor(rules),
    onlyUncategorized: false,
    onBatch: async (changes) => {
      for (const [rule, rows] of changes) {
        count += rows.length;
        for (const row of rows) {
          if (sample.length >= RULE_LIMITS.previewSample) break;
          sample.push({
            id: row.id,
            date: row.date,
            title: row.title,
            amount: fromCents(row.amountCents),
            type: row.type,
            category: row.category,
            newCategory: rule.row.category,
          });
        }
      }
    },
  });
  return { count, scanned, truncated, sample };
}

/** A draft rule (not saved) as the matcher reads it. */
async function draftRule(db: Db, userId: string, input: RuleData): Promise<LoadedRule> {
  const category = await requireCategory(db, userId, input.categoryId, input.transactionType ?? null);
  const values = valuesOf(input);
  return loaded({ id: 'draft', position: 0, ...values, category: category.name, categoryKind: category.kind });
}

/** How many transactions the saved rule, or a draft from the form, would change, and the first of them. */
export async function previewRule(
  deps: Pick<Deps, 'db'>,
  userId: string,
  input: { id: string } | { rule: RuleData },
): Promise<RulePreview> {
  if ('rule' in input) return previewWith(deps.db, userId, await draftRule(deps.db, userId, input.rule));
  const row = await findUserRule(deps.db, userId, input.id);
  if (!row) throw ruleNotFound();
  return previewWith(deps.db, userId, loaded(row));
}

export async function previewAllRules(deps: Pick<Deps, 'db'>, userId: string): Promise<RulePreview> {
  return previewWith(deps.db, userId, await loadRules(deps.db, userId));
}

/** Writes the changes in one database transaction: every batch lands, or none. */
async function applyWith(
  deps: Deps,
  userId: string,
  rules: (tx: Db) => Promise<LoadedRule[] | LoadedRule>,
  onlyUncategorized: boolean,
): Promise<RuleApplyResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    let changed = 0;
    const { scanned, truncated } = await scanLedger(tx, userId, {
      choose: chooserFor(await rules(tx)),
      onlyUncategorized,
      onBatch: async (changes) => {
        for (const [rule, rows] of changes) {
          const change: RuleChange = {
            category: rule.row.category,
            title: rule.row.setTitle,
            paymentMethod: rule.row.setPaymentMethod,
          };
          for (let start = 0; start < rows.length; start += UPDATE_STATEMENT_ROWS) {
            const ids = rows.slice(start, start + UPDATE_STATEMENT_ROWS).map((row) => row.id);
            changed += await applyChangeToTransactions(tx, userId, ids, change, now);
            await yieldToEventLoop();
          }
        }
      },
    });
    return { changed, scanned, truncated };
  });
}

export async function applyRule(
  deps: Deps,
  userId: string,
  input: { id: string; onlyUncategorized: boolean },
): Promise<RuleApplyResult> {
  return applyWith(
    deps,
    userId,
    async (tx) => {
      const row = await findUserRule(tx, userId, input.id);
      if (!row) throw ruleNotFound();
      return loaded(row);
    },
    input.onlyUncategorized,
  );
}

/** Every transaction takes the first of the user's rules that matches it. */
export async function applyAllRules(
  deps: Deps,
  userId: string,
  input: { onlyUncategorized: boolean },
): Promise<RuleApplyResult> {
  return applyWith(deps, userId, (tx) => loadRules(tx, userId), input.onlyUncategorized);
}

/* ------------------------------------------------------------------------------------------------
 * match / suggest: what the transaction form shows while it is filled in
 * ---------------------------------------------------------------------------------------------- */

interface DraftTransaction {
  title: string;
  description?: string | null | undefined;
  amount?: number | undefined;
  type: TransactionType;
}

function draftMatchable(input: DraftTransaction): MatchableTransaction {
  return {
    title: input.title,
    description: input.description ?? null,
    type: input.type,
    amountCents: input.amount === undefined ? null : toCents(input.amount),
  };
}

/** The first rule that would categorise this transaction, or null. */
export async function matchTransaction(
  deps: Pick<Deps, 'db'>,
  userId: string,
  input: DraftTransaction,
): Promise<Categorisation | null> {
  const rule = firstMatchingRule(await loadRules(deps.db, userId), draftMatchable(input));
  return rule ? ruleCategorisation(rule) : null;
}

/**
 * The category the user most often gave this merchant, from their recent history; null when a rule
 * matches (the rule decides) or when the history says nothing.
 */
export async function suggestCategory(
  deps: Pick<Deps, 'db'>,
  userId: string,
  input: DraftTransaction,
): Promise<Categorisation | null> {
  if (firstMatchingRule(await loadRules(deps.db, userId), draftMatchable(input))) return null;
  const history = await findRecentTitles(deps.db, userId, SUGGESTION_HISTORY_ROWS);
  return suggestFromHistory(history, input.title, input.type);
}

/**
 * Transactions suggestions learn from: the most recent, read through transactions_user_date_idx in
 * one bounded range, and grouped by merchant in memory (the merchant is not a column to index).
 */
export const SUGGESTION_HISTORY_ROWS = 2000;

/* ------------------------------------------------------------------------------------------------
 * Hooks: where rules apply as transactions come in (docs/rules.md, "When rules apply")
 * ---------------------------------------------------------------------------------------------- */

/**
 * The category a transaction created without one gets: the first matching rule's, else the
 * placeholder. Only the category: the person typed the title and chose the payment method.
 */
export async function categoryForNewTransaction(
  db: Db,
  userId: string,
  transaction: MatchableTransaction,
): Promise<string> {
  const rule = firstMatchingRule(await loadRules(db, userId), transaction);
  return rule ? rule.row.category : UNCATEGORIZED_CATEGORY;
}

interface IncomingRow {
  title: string;
  description?: string | null | undefined;
  type: TransactionType;
  amount: number;
  category: string;
  paymentMethod: PaymentMethod;
}

/** Rows matched between two turns of the event loop. */
const ROWS_PER_TURN = 500;

/**
 * Imported rows with the placeholder category take the first matching rule's category, and its title
 * and payment method when the rule sets them. A row whose file named a category (a bank's own
 * category column included) keeps it, and everything else, untouched.
 */
export async function applyRulesToIncomingRows<R extends IncomingRow>(db: Db, userId: string, rows: R[]): Promise<R[]> {
  if (!rows.some((row) => isUncategorized(row.category))) return rows;
  const rules = await loadRules(db, userId);
  if (rules.length === 0) return rows;
  const result: R[] = [];
  for (const [index, row] of rows.entries()) {
    await yieldEvery(ROWS_PER_TURN, index);
    const rule = isUncategorized(row.category)
      ? firstMatchingRule(rules, { ...row, amountCents: toCents(row.amount) })
      : undefined;
    result.push(rule ? withRule(row, rule) : row);
  }
  return result;
}

/**
 * Preview rows as the import will store them (a rule's category, title and payment method applied),
 * each with what categorised it: the rule, or for a row left uncategorised the category the history
 * suggests, which the import itself does not apply.
 */
export async function categorisePreviewRows<R extends IncomingRow>(
  db: Db,
  userId: string,
  rows: R[],
): Promise<Array<R & { categorisation: Categorisation | null }>> {
  if (!rows.some((row) => isUncategorized(row.category))) return rows.map((row) => ({ ...row, categorisation: null }));
  const [rules, history] = await Promise.all([
    loadRules(db, userId),
    findRecentTitles(db, userId, SUGGESTION_HISTORY_ROWS),
  ]);
  return rows.map((row) => {
    if (!isUncategorized(row.category)) return { ...row, categorisation: null };
    const rule = firstMatchingRule(rules, { ...row, amountCents: toCents(row.amount) });
    if (!rule) return { ...row, categorisation: suggestFromHistory(history, row.title, row.type) };
    return { ...withRule(row, rule), categorisation: ruleCategorisation(rule) };
  });
}

function withRule<R extends IncomingRow>(row: R, rule: LoadedRule): R {
  return {
    ...row,
    category: rule.row.category,
    title: rule.row.setTitle ?? row.title,
    paymentMethod: rule.row.setPaymentMethod ?? row.paymentMethod,
  };
}

/** A receipt's category from the user's rules, which beat every guess from history or keywords. */
export async function receiptCategoryByRule(
  db: Db,
  userId: string,
  draft: { title: string | null; description: string | null; amountCents: number | null },
): Promise<string | null> {
  if (!draft.title && !draft.description) return null;
  const rule = firstMatchingRule(await loadRules(db, userId), {
    title: draft.title ?? '',
    description: draft.description,
    type: 'EXPENSE',
    amountCents: draft.amountCents,
  });
  return rule ? rule.row.category : null;
}
