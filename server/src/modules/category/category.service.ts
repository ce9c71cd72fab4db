import type { Category } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { listCategoriesByUser } from './category.repository';

export async function listCategories(deps: Pick<AppDeps, 'db'>, userId: string): Promise<Category[]> {
  return listCategoriesByUser(deps.db, userId);
}
