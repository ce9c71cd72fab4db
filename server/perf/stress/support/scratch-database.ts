import pg from 'pg';
import { createServerDatabase } from '../../../src/test/server-database';

export interface ScratchDatabase {
  /** A postgres:// URL naming the new database. */
  url: string;
  /** A small pool for the test's own checks, independent of the app under test. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** An empty database of its own on `serverUrl`; the app process migrates it when it starts. */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const database = await createServerDatabase(serverUrl, `finailytics_stress_${label}`);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => {});
  return {
    url: database.url,
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}
