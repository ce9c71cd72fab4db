import { router } from '../../trpc/init';

export const transactionRouter = router({});
