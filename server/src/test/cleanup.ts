import { afterAll } from 'vitest';

/**
 * A list whose members are closed after the test file's tests: push each app or server a test
 * builds. Registered after the file's database, it runs before the database closes.
 */
export function closedAfterAll<T extends { close(): unknown }>(): T[] {
  const resources: T[] = [];
  afterAll(async () => {
    await Promise.all(resources.map((resource) => resource.close()));
  });
  return resources;
}
