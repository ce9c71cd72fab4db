import {
  BUDGET_MESSAGES,
  type Budget,
  type BudgetStatusInput,
  type BudgetStatusList,
  type CreateBudgetInput,
  MAX_BUDGETS,
  toCents,
  type UpdateBudgetInput,
  type User,
} from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { calendarDateIn } from '../../lib/calendar';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import {
  countBudgets,
  deleteBudgetRow,
  findBudget,
  findCategoryBudgetId,
  findOverallBudgetId,
  findUserCategory,
  insertBudget,
  listBudgetsByUser,
  lockUserForBudgets,
  updateBudgetRow,
} from './budget.repository';
import { periodStart } from './budget-period';
import { budgetStatusList, toBudget } from './budget-status';

type BudgetDeps = Pick<AppDeps, 'db' | 'clock'>;
type BudgetUser = Pick<User, 'id' | 'timezone'>;

const today = (deps: BudgetDeps, user: BudgetUser) => calendarDateIn(user.timezone, deps.clock.now());

export async function listBudgets(deps: BudgetDeps, userId: string): Promise<Budget[]> {
  return (await listBudgetsByUser(deps.db, userId)).map(toBudget);
}

function duplicateError(categoryId: string | null) {
  return new AppError(
    'CONFLICT',
    categoryId === null ? BUDGET_MESSAGES.duplicateOverall : BUDGET_MESSAGES.duplicateCategory,
  );
}

/**
 * One budget per expense category and one overall budget, at most MAX_BUDGETS in all. The user's row
 * is locked while counting, so two creates at once cannot pass the limit; the unique indexes settle
 * two budgets for the same category.
 */
export async function createBudget(deps: BudgetDeps, user: BudgetUser, input: CreateBudgetInput): Promise<Budget> {
  const period = input.period;
  const startsOn = periodStart(period, input.startsOn ?? today(deps, user));
  const now = deps.clock.now();
  let id: string;
  try {
    id = await deps.db.transaction(async (tx) => {
      await lockUserForBudgets(tx, user.id);
      if ((await countBudgets(tx, user.id)) >= MAX_BUDGETS) throw new AppError('BAD_REQUEST', BUDGET_MESSAGES.tooMany);
      const categoryId = input.categoryId;
      if (categoryId === null) {
        if (await findOverallBudgetId(tx, user.id)) throw duplicateError(null);
      } else {
        const category = await findUserCategory(tx, user.id, categoryId);
        if (!category) throw notFound('Category');
        if (category.kind !== 'EXPENSE') throw new AppError('BAD_REQUEST', BUDGET_MESSAGES.notExpenseCategory);
        if (await findCategoryBudgetId(tx, user.id, categoryId)) throw duplicateError(categoryId);
      }
      return insertBudget(tx, {
        userId: user.id,
        categoryId,
        period,
        amountCents: toCents(input.amount),
        rollover: input.rollover ?? false,
        startsOn,
        now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateError(input.categoryId);
    throw error;
  }
  const created = await findBudget(deps.db, user.id, id);
  if (!created) throw notFound('Budget');
  return toBudget(created);
}

/** A new period or start day is moved to the first day of its period; rollover counts from there. */
export async function updateBudget(deps: BudgetDeps, user: BudgetUser, input: UpdateBudgetInput): Promise<Budget> {
  const current = await findBudget(deps.db, user.id, input.id);
  if (!current) throw notFound('Budget');
  const period = input.period ?? current.period;
  const updated = await updateBudgetRow(
    deps.db,
    user.id,
    input.id,
    {
      period,
      amountCents: input.amount === undefined ? current.amountCents : toCents(input.amount),
      rollover: input.rollover ?? current.rollover,
      startsOn: periodStart(period, input.startsOn ?? current.startsOn),
    },
    deps.clock.now(),
  );
  const row = updated ? await findBudget(deps.db, user.id, input.id) : undefined;
  if (!row) throw notFound('Budget');
  return toBudget(row);
}

export async function deleteBudget(deps: BudgetDeps, userId: string, id: string): Promise<{ id: string }> {
  if (!(await deleteBudgetRow(deps.db, userId, id))) throw notFound('Budget');
  return { id };
}

/** Every budget's figures for the period around `input.period` (the user's today by default). */
export async function getBudgetStatus(
  deps: BudgetDeps,
  user: BudgetUser,
  input: BudgetStatusInput,
): Promise<BudgetStatusList> {
  const now = today(deps, user);
  const rows = await listBudgetsByUser(deps.db, user.id);
  return budgetStatusList(deps.db, user.id, rows, input.period ?? now, now);
}
