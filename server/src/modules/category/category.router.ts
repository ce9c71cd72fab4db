import {
  assignCategorySchema,
  createCategorySchema,
  deleteCategorySchema,
  mergeCategoriesSchema,
  updateCategorySchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import {
  assignCategory,
  createCategory,
  deleteCategory,
  listCategories,
  mergeCategories,
  previewMerge,
  updateCategory,
} from './category.service';

/** The caller's categories (see docs/categories.md). Another user's id is NOT_FOUND. */
export const categoryRouter = router({
  list: protectedProcedure.query(({ ctx }) => listCategories(ctx, ctx.user)),

  create: protectedProcedure
    .input(createCategorySchema)
    .mutation(({ ctx, input }) => createCategory(ctx, ctx.user.id, input)),

  /** Rename (every transaction follows), recolour or re-icon. */
  update: protectedProcedure
    .input(updateCategorySchema)
    .mutation(({ ctx, input }) => updateCategory(ctx, ctx.user.id, input)),

  mergePreview: protectedProcedure
    .input(mergeCategoriesSchema)
    .query(({ ctx, input }) => previewMerge(ctx, ctx.user.id, input)),

  merge: protectedProcedure
    .input(mergeCategoriesSchema)
    .mutation(({ ctx, input }) => mergeCategories(ctx, ctx.user.id, input)),

  delete: protectedProcedure
    .input(deleteCategorySchema)
    .mutation(({ ctx, input }) => deleteCategory(ctx, ctx.user.id, input)),

  /** Bulk re-categorise up to CATEGORY_LIMITS.assignMax transactions. */
  assign: protectedProcedure
    .input(assignCategorySchema)
    .mutation(({ ctx, input }) => assignCategory(ctx, ctx.user.id, input)),
});
