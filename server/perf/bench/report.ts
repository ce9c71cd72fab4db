import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One measured figure and the baseline it is read against. Both come from the same run, so a busy
 * machine slows both; the ratio (value / baseline) is what carries from one machine to another.
 */
export interface Figure {
  scenario: string;
  measure: string;
  value: number;
  unit: Unit;
  baseline: { label: string; value: number } | null;
  note?: string;
}

export type Unit = 'req/s' | 'ms' | 's' | 'MB' | 'count';

export function ratio(figure: Figure): number | null {
  return figure.baseline && figure.baseline.value > 0 ? figure.value / figure.baseline.value : null;
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'req/s':
      return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)} req/s`;
    case 'ms':
      return value >= 100
        ? `${Math.round(value).toLocaleString('en-US')} ms`
        : `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
    case 's':
      return `${value.toFixed(1)} s`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
    case 'count':
      return value.toLocaleString('en-US');
  }
}

function formatRatio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  return `×${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}`;
}

/** The one table the benchmark prints: every figure beside its baseline and their ratio. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['Scenario', 'Measure', 'Value', 'Baseline (same run)', 'Ratio'];
  const rows = figures.map((figure) => [
    figure.scenario,
    figure.measure,
    formatValue(figure.value, figure.unit),
    figure.baseline ? `${figure.baseline.label}: ${formatValue(figure.baseline.value, figure.unit)}` : '',
    formatRatio(ratio(figure)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 2 || column === 4 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 2 || column === 4 ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Writes bench/results/<timestamp>.json at the repository root and returns its path. */
export function writeResults(repositoryRoot: string, startedAt: Date, content: object): string {
  const folder = path.join(repositoryRoot, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}
