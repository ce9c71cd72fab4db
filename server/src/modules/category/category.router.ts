import { protectedProcedure, router } from '../../trpc/init';
import { listCategories } from './category.service';

export const categoryRouter = router({
  list: protectedProcedure.query(({ ctx }) => listCategories(ctx, ctx.user.id)),
});
