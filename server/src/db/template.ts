/**
 * `node dist/db-template.js <folder>`: makes the embedded database a new install starts from, at
 * build time. Creating a cluster (initdb) and running every migration takes seconds; copying the
 * result takes a fraction of that. Migrations added later still run at start, over the copy.
 */
import { rmSync } from 'node:fs';
import { createDatabase, setTreeMode } from './client';
import { migrateDatabase } from './migrate';

async function buildTemplate(folder: string): Promise<void> {
  rmSync(folder, { recursive: true, force: true });
  // createDatabase keeps its files in <dataDir>/pgdata, the layout a data folder has.
  const database = await createDatabase({ dataDir: folder });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  // Built by one user (root in an image's build stage) and copied at start by another (the app's own
  // user): readable by anyone, as it holds no one's data. Each copy is made owner-only.
  setTreeMode(folder, 0o755, 0o644);
}

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node dist/db-template.js <folder>');
  process.exit(2);
}
await buildTemplate(folder);
