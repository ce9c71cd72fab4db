import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../lib/paths';
import { templateIsCurrent } from './migrate';

const tags = (
  JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  }
).entries.map((entry) => entry.tag);

function templateMadeFrom(migrations: unknown): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'finailytics-template-'));
  writeFileSync(path.join(folder, 'made-from.json'), JSON.stringify({ pglite: '0.0.0', migrations }));
  return folder;
}

describe('templateIsCurrent', () => {
  it('holds for a template made from every migration of this release', () => {
    expect(tags.length).toBeGreaterThan(0);
    expect(templateIsCurrent(templateMadeFrom(tags))).toBe(true);
  });

  it('fails for a template made before the last migration, so the start migrates the copy', () => {
    expect(templateIsCurrent(templateMadeFrom(tags.slice(0, -1)))).toBe(false);
  });

  it('fails for a folder without its stamp', () => {
    expect(templateIsCurrent(mkdtempSync(path.join(tmpdir(), 'finailytics-template-')))).toBe(false);
  });
});
