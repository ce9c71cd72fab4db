import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type AssignCategoryData,
  type Category,
  type CategoryMergePreview,
  type CategoryWithUsage,
  type CreateCategoryData,
  type DeleteCategoryData,
  fromCents,
  type MergeCategoriesData,
  type TransactionType,
  type UpdateCategoryData,
  type User,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { calendarDateIn, firstDayOfNextMonth, startOfMonth } from '../../lib/calendar';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import {
  type CategoryRow,
  countRulesFor,
  countTransactionsNamed,
  deleteBudgets,
  deleteCategoryRows,
  findBudgetsFor,
  findNameClash,
  findOrCreateCategory,
  findUserCategory,
  insertCategory,
  listCategoriesByUser,
  lockUserCategories,
  lockUserTransactionTypes,
  normalizeCategoryName,
  renameTransactionsBatch,
  repointBudget,
  repointRules,
  setTransactionsCategory,
  sumCategoryUsage,
  tidyCategoryName,
  updateCategoryRow,
} from './category.repository';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
type Owner = Pick<User, 'id' | 'timezone'>;

const categoryNotFound = () => notFound('Category');

/**
 * Transactions renamed per statement by a rename or merge. Each statement holds the embedded
 * database, and with it the event loop, while its rows, their index entries and the daily rollup
 * are written; the event loop gets a turn between statements. Measured renaming then merging 10,000
 * transactions on two cores under a load average of 8-10: 200 rows per statement blocked the loop
 * for up to 360-490 ms, 100 rows for up to 90-270 ms, both about 2 s in all.
 */
export const RENAME_BATCH_ROWS = 100;

/** Transactions re-categorised per statement by category.assign. */
const ASSIGN_BATCH_ROWS = 100;

function monthOf(owner: Owner, now: Date): { from: string; to: string } {
  let today: string;
  try {
    today = calendarDateIn(owner.timezone, now);
  } catch {
    today = calendarDateIn('UTC', now);
  }
  return { from: startOfMonth(today), to: firstDayOfNextMonth(today) };
}

const usageKey = (kind: TransactionType, name: string) => `${kind}\u0000${name}`;

/** Every category, by kind then name, with its transaction count and this month's total. */
export async function listCategories(deps: Deps, owner: Owner): Promise<CategoryWithUsage[]> {
  const [rows, usage] = await Promise.all([
    listCategoriesByUser(deps.db, owner.id),
    sumCategoryUsage(deps.db, owner.id, monthOf(owner, deps.clock.now())),
  ]);
  const byName = new Map(usage.map((entry) => [usageKey(entry.type, entry.category), entry]));
  return rows.map((row) => {
    const used = byName.get(usageKey(row.kind, row.name));
    return { ...row, transactionCount: used?.count ?? 0, monthTotal: fromCents(used?.monthCents ?? 0) };
  });
}

export async function createCategory(deps: Deps, ownerId: string, input: CreateCategoryData): Promise<Category> {
  const created = await insertCategory(
    deps.db,
    ownerId,
    { kind: input.kind, name: input.name, colour: input.colour, icon: input.icon },
    deps.clock.now(),
  );
  if (!created) {
    throw new AppError(
      'CONFLICT',
      `There is already a${input.kind === 'INCOME' ? 'n income' : 'n expense'} category called “${tidyCategoryName(input.name)}”`,
    );
  }
  return created;
}

/**
 * Renames, recolours or re-icons a category. A rename rewrites every transaction carrying the old
 * name, RENAME_BATCH_ROWS per statement, all in one database transaction with the category locked.
 * A name another category of the kind already has is refused: that is a merge.
 */
export async function updateCategory(deps: Deps, ownerId: string, input: UpdateCategoryData): Promise<Category> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const current = await findUserCategory(tx, ownerId, input.id, { forUpdate: true });
      if (!current) throw categoryNotFound();
      const name = input.name === undefined ? undefined : tidyCategoryName(input.name);
      if (name !== undefined && name !== current.name) {
        const clash = await findNameClash(tx, ownerId, current.kind, name, current.id);
        if (clash) {
          throw new AppError(
            'CONFLICT',
            `There is already a category called “${clash.name}”; merge “${current.name}” into it instead`,
          );
        }
        await renameTransactions(tx, ownerId, current.kind, current.name, name);
      }
      const updated = await updateCategoryRow(
        tx,
        ownerId,
        current.id,
        { name, colour: input.colour, icon: input.icon },
        now,
      );
      if (!updated) throw categoryNotFound();
      return updated;
    });
  } catch (error) {
    // A category of that name was created between the check and the update.
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'There is already a category with that name; merge into it instead');
    }
    throw error;
  }
}

/** Rewrites every transaction of the kind named `from` to `to`, in bounded statements. */
async function renameTransactions(tx: Db, ownerId: string, kind: TransactionType, from: string, to: string) {
  if (from === to) return;
  const total = await countTransactionsNamed(tx, ownerId, kind, [from]);
  // The count bounds the loop; one more statement finds any row written since it was read.
  const maxStatements = Math.ceil(total / RENAME_BATCH_ROWS) + 2;
  for (let statement = 0; statement < maxStatements; statement++) {
    const renamed = await renameTransactionsBatch(tx, ownerId, kind, from, to, RENAME_BATCH_ROWS);
    if (renamed < RENAME_BATCH_ROWS) return;
    await yieldToEventLoop();
  }
  throw new Error(`More transactions named ${from} than the rollup counts`);
}

interface MergePlan {
  from: CategoryRow[];
  into: CategoryRow;
  preview: CategoryMergePreview;
  /** The from-budget that becomes the target's, when the target has none. */
  movingBudget: string | null;
  droppedBudgets: string[];
}

/** Checks a merge and works out what it moves; the categories stay locked for the caller's transaction. */
async function planMerge(db: Db, ownerId: string, fromIds: string[], intoId: string): Promise<MergePlan> {
  const ids = [...new Set([...fromIds, intoId])];
  const found = await lockUserCategories(db, ownerId, ids);
  const into = found.find((row) => row.id === intoId);
  const from = found.filter((row) => row.id !== intoId);
  if (!into || from.length !== ids.length - 1) throw categoryNotFound();
  const otherKind = from.find((row) => row.kind !== into.kind);
  if (otherKind) {
    throw new AppError(
      'BAD_REQUEST',
      `“${otherKind.name}” is an ${otherKind.kind.toLowerCase()} category and “${into.name}” is not; only categories of one kind can be merged`,
    );
  }
  const fromCategoryIds = from.map((row) => row.id);
  const [transactions, rules, budgetRows] = await Promise.all([
    countTransactionsNamed(
      db,
      ownerId,
      into.kind,
      from.map((row) => row.name),
    ),
    countRulesFor(db, ownerId, fromCategoryIds),
    findBudgetsFor(db, ownerId, [...fromCategoryIds, into.id]),
  ]);
  const targetHasBudget = budgetRows.some((row) => row.categoryId === into.id);
  const fromBudgets = budgetRows.filter((row) => row.categoryId !== into.id).map((row) => row.id);
  // The target keeps its own budget; without one it takes the oldest of the merged categories' budgets.
  const movingBudget = targetHasBudget ? null : (fromBudgets[0] ?? null);
  const droppedBudgets = fromBudgets.filter((id) => id !== movingBudget);
  return {
    from,
    into,
    preview: { transactions, rules, budgets: movingBudget ? 1 : 0, budgetsDropped: droppedBudgets.length },
    movingBudget,
    droppedBudgets,
  };
}

/** What category.merge would move, without moving it. */
export async function previewMerge(
  deps: Deps,
  ownerId: string,
  input: MergeCategoriesData,
): Promise<CategoryMergePreview> {
  return deps.db.transaction(async (tx) => (await planMerge(tx, ownerId, input.from, input.into)).preview);
}

/**
 * Folds categories into another of the same kind, in one database transaction: their transactions
 * take its name (so every total stays where it was, under the one name), their rules point to it,
 * and their budgets go to it unless it has one already, in which case theirs are dropped.
 */
export async function mergeCategories(
  deps: Deps,
  ownerId: string,
  input: MergeCategoriesData,
): Promise<CategoryMergePreview & { into: Category }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const plan = await planMerge(tx, ownerId, input.from, input.into);
    await applyMerge(tx, ownerId, plan, now);
    return { ...plan.preview, into: plan.into };
  });
}

async function applyMerge(tx: Db, ownerId: string, plan: MergePlan, now: Date) {
  for (const category of plan.from) {
    await renameTransactions(tx, ownerId, plan.into.kind, category.name, plan.into.name);
  }
  const fromIds = plan.from.map((row) => row.id);
  await repointRules(tx, ownerId, fromIds, plan.into.id, now);
  await deleteBudgets(tx, ownerId, plan.droppedBudgets);
  if (plan.movingBudget) await repointBudget(tx, ownerId, plan.movingBudget, plan.into.id, now);
  await deleteCategoryRows(tx, ownerId, fromIds);
}

/**
 * Deletes a category. One still used by transactions, rules or budgets is refused unless
 * `reassignTo` names where they go, which moves them as a merge does.
 */
export async function deleteCategory(
  deps: Deps,
  ownerId: string,
  input: DeleteCategoryData,
): Promise<{ id: string } & CategoryMergePreview> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (input.reassignTo !== undefined) {
      if (input.reassignTo === input.id) {
        throw new AppError('BAD_REQUEST', 'Choose another category to move its transactions to');
      }
      const plan = await planMerge(tx, ownerId, [input.id], input.reassignTo);
      await applyMerge(tx, ownerId, plan, now);
      return { id: input.id, ...plan.preview };
    }
    const [category] = await lockUserCategories(tx, ownerId, [input.id]);
    if (!category) throw categoryNotFound();
    const [transactions, rules, budgetRows] = await Promise.all([
      countTransactionsNamed(tx, ownerId, category.kind, [category.name]),
      countRulesFor(tx, ownerId, [category.id]),
      findBudgetsFor(tx, ownerId, [category.id]),
    ]);
    if (transactions + rules + budgetRows.length > 0) {
      throw new AppError(
        'CONFLICT',
        `“${category.name}” is used by ${describeUse(transactions, rules, budgetRows.length)}; choose a category to move them to`,
      );
    }
    await deleteCategoryRows(tx, ownerId, [category.id]);
    return { id: category.id, transactions: 0, rules: 0, budgets: 0, budgetsDropped: 0 };
  });
}

function describeUse(transactions: number, rules: number, budgets: number): string {
  const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
  const parts = [
    transactions > 0 ? plural(transactions, 'transaction') : null,
    rules > 0 ? plural(rules, 'rule') : null,
    budgets > 0 ? plural(budgets, 'budget') : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

/**
 * Bulk re-categorise: the transactions take the category's name. All or nothing: an id that is not
 * the caller's is NOT_FOUND, and a transaction of the other kind is refused.
 */
export async function assignCategory(
  deps: Deps,
  ownerId: string,
  input: AssignCategoryData,
): Promise<{ updatedCount: number; category: Category }> {
  const now = deps.clock.now();
  const ids = [...new Set(input.transactionIds)];
  return deps.db.transaction(async (tx) => {
    const category = await findUserCategory(tx, ownerId, input.categoryId, { forUpdate: true });
    if (!category) throw categoryNotFound();
    const found = await lockUserTransactionTypes(tx, ownerId, ids);
    if (found.length !== ids.length) {
      throw new AppError(
        'NOT_FOUND',
        `${ids.length - found.length} of the selected transactions were not found; nothing was changed`,
      );
    }
    const mismatched = found.filter((row) => row.type !== category.kind).length;
    if (mismatched > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `${mismatched} of the selected transactions are ${category.kind === 'INCOME' ? 'expenses' : 'income'}; “${category.name}” is an ${category.kind.toLowerCase()} category`,
      );
    }
    for (let start = 0; start < ids.length; start += ASSIGN_BATCH_ROWS) {
      if (start > 0) await yieldToEventLoop();
      await setTransactionsCategory(tx, ownerId, ids.slice(start, start + ASSIGN_BATCH_ROWS), category.name, now);
    }
    return { updatedCount: ids.length, category };
  });
}

/**
 * The name a transaction is written with: its category's, created on first use. Called inside the
 * writer's database transaction, before it locks any transaction row (a rename locks the category
 * first, then the transactions; writers take the same order).
 */
export async function resolveCategoryName(
  tx: Db,
  ownerId: string,
  kind: TransactionType,
  name: string,
  now: Date,
): Promise<string> {
  return (await findOrCreateCategory(tx, ownerId, kind, name, now)).name;
}

/**
 * For writers of many rows (imports of up to 10,000, undo): each distinct kind and name resolved once.
 * Answers a function from a row's kind and typed name to the stored name. Rows are keyed by their raw
 * text first, so a file of one repeated name costs one normalisation, not one per row.
 */
export async function resolveCategoryNames(
  tx: Db,
  ownerId: string,
  rows: readonly { type: TransactionType; category: string }[],
  now: Date,
): Promise<(type: TransactionType, category: string) => string> {
  const byRaw = new Map<string, string>();
  const byKey = new Map<string, string>();
  for (const row of rows) {
    const raw = usageKey(row.type, row.category);
    if (byRaw.has(raw)) continue;
    const key = usageKey(row.type, normalizeCategoryName(row.category));
    let stored = byKey.get(key);
    if (stored === undefined) {
      stored = await resolveCategoryName(tx, ownerId, row.type, row.category, now);
      byKey.set(key, stored);
    }
    byRaw.set(raw, stored);
  }
  return (type, category) => byRaw.get(usageKey(type, category)) ?? category;
}
