import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/errors';
import { Alert, Skeleton } from './Feedback';

interface QueryLike<T> {
  isLoading: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * A query's loading and failed states, drawn the same way in every card, and `children` with its data
 * once it is there. `padded` puts the two states in a card body, for cards whose content brings its own.
 */
export function QueryView<T>({
  query,
  skeletonHeight,
  padded = false,
  children,
}: {
  query: QueryLike<T>;
  skeletonHeight: number;
  padded?: boolean;
  children: (data: T) => ReactNode;
}) {
  const state = query.isLoading ? (
    <Skeleton height={skeletonHeight} />
  ) : query.error ? (
    <Alert>{errorMessage(query.error)}</Alert>
  ) : null;
  if (state) return padded ? <div className="card-body">{state}</div> : state;
  return query.data === undefined ? null : children(query.data);
}
