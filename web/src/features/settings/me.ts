import type { RouterOutputs } from '../../lib/trpc';

/** The signed-in person as `user.me` returns them. */
export type Me = NonNullable<RouterOutputs['user']['me']>;
