import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's folder, found from this module whether it runs from src/ (tsx, vitest) or
 * from the dist/ bundle: the folder that holds the committed migrations.
 */
export function serverRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'drizzle', 'meta', '_journal.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the server folder (drizzle/meta/_journal.json)');
    dir = parent;
  }
  return dir;
}

export const migrationsFolder = () => path.join(serverRoot(), 'drizzle');
export const webDistFolder = () => path.resolve(serverRoot(), '..', 'web', 'dist');
/** The migrated embedded database the build makes (server/build.mjs) for a new data folder to start from. */
export const pgdataTemplateFolder = () => path.join(serverRoot(), 'dist', 'pgdata-template');
