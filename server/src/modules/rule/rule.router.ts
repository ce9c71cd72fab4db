import {
  applyAllRulesSchema,
  applyRuleSchema,
  createRuleFromSuggestionSchema,
  matchTransactionSchema,
  previewRuleSchema,
  reorderRulesSchema,
  ruleByIdSchema,
  ruleInputSchema,
  suggestCategorySchema,
  updateRuleSchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import {
  applyAllRules,
  applyRule,
  createRule,
  createRuleFromSuggestion,
  deleteRule,
  listRules,
  matchTransaction,
  previewAllRules,
  previewRule,
  reorderRules,
  suggestCategory,
  updateRule,
} from './rule.service';

/** The caller's categorisation rules (docs/rules.md). Another user's rule is NOT_FOUND. */
export const ruleRouter = router({
  list: protectedProcedure.query(({ ctx }) => listRules(ctx, ctx.user.id)),

  create: protectedProcedure.input(ruleInputSchema).mutation(({ ctx, input }) => createRule(ctx, ctx.user.id, input)),

  /** "Always do this" on a suggestion: title contains the merchant → the category. */
  createFromSuggestion: protectedProcedure
    .input(createRuleFromSuggestionSchema)
    .mutation(({ ctx, input }) => createRuleFromSuggestion(ctx, ctx.user.id, input)),

  update: protectedProcedure.input(updateRuleSchema).mutation(({ ctx, input }) => updateRule(ctx, ctx.user.id, input)),

  delete: protectedProcedure.input(ruleByIdSchema).mutation(({ ctx, input }) => deleteRule(ctx, ctx.user.id, input.id)),

  reorder: protectedProcedure
    .input(reorderRulesSchema)
    .mutation(({ ctx, input }) => reorderRules(ctx, ctx.user.id, input.ids)),

  preview: protectedProcedure.input(previewRuleSchema).query(({ ctx, input }) => previewRule(ctx, ctx.user.id, input)),

  previewAll: protectedProcedure.query(({ ctx }) => previewAllRules(ctx, ctx.user.id)),

  // `apply` itself is a name tRPC reserves (every function has one).
  applyToExisting: protectedProcedure
    .input(applyRuleSchema)
    .mutation(({ ctx, input }) => applyRule(ctx, ctx.user.id, input)),

  applyAll: protectedProcedure
    .input(applyAllRulesSchema)
    .mutation(({ ctx, input }) => applyAllRules(ctx, ctx.user.id, input)),

  match: protectedProcedure
    .input(matchTransactionSchema)
    .query(({ ctx, input }) => matchTransaction(ctx, ctx.user.id, input)),

  suggest: protectedProcedure
    .input(suggestCategorySchema)
    .query(({ ctx, input }) => suggestCategory(ctx, ctx.user.id, input)),
});
