import { ledgerAccountRouter } from '../modules/account/account.router';
import { analyticsRouter } from '../modules/analytics/analytics.router';
import { accountRouter } from '../modules/auth/account.router';
import { authRouter } from '../modules/auth/auth.router';
import { budgetRouter } from '../modules/budget/budget.router';
import { categoryRouter } from '../modules/category/category.router';
import { reportRouter } from '../modules/report/report.router';
import { ruleRouter } from '../modules/rule/rule.router';
import { transactionRouter } from '../modules/transaction/transaction.router';
import { userRouter } from '../modules/user/user.router';
import { createCallerFactory, mergeRouters, router } from './init';

export const appRouter = router({
  auth: authRouter,
  // One `user.*` namespace: the profile (user module) and the account's credentials (auth module).
  user: mergeRouters(userRouter, accountRouter),
  transaction: transactionRouter,
  analytics: analyticsRouter,
  report: reportRouter,
  category: categoryRouter,
  rule: ruleRouter,
  budget: budgetRouter,
  account: ledgerAccountRouter,
});

/** The API's type: the web client's only source of truth for procedures, inputs and outputs. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
