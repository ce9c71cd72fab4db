/*
 * Accessibility audit for the browser tests: axe-core runs inside each page (WCAG 2 A/AA rules plus the
 * best-practice rules), in the light and dark theme, at desktop and phone width, signed out and signed in
 * with a ledger of 120 transactions. Serious and critical violations fail the flow; moderate and minor
 * ones are counted.
 */
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BLOCKING: readonly string[] = ['serious', 'critical'];

export const AUDIT_THEMES = ['light', 'dark'] as const;
export const AUDIT_SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type AuditTheme = (typeof AUDIT_THEMES)[number];
export type AuditSize = keyof typeof AUDIT_SIZES;

export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
  /** The measured contrast ratio, for colour-contrast rules. */
  ratio?: number;
  /** What the rule asks for, in axe's words. */
  help: string;
}

export interface PageAudit {
  page: string;
  theme: AuditTheme;
  size: AuditSize;
  counts: Record<'critical' | 'serious' | 'moderate' | 'minor', number>;
  /** The serious and critical findings, one per element. */
  blocking: AxeFinding[];
}

/** Runs axe-core on the page as it is now. */
export async function auditPage(page: Page): Promise<Pick<PageAudit, 'counts' | 'blocking'>> {
  // Evaluated rather than added as a <script>, which the app's Content-Security-Policy would refuse.
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const blocking: AxeFinding[] = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      const impact = node.impact ?? violation.impact ?? 'minor';
      counts[impact]++;
      if (!BLOCKING.includes(impact)) continue;
      const data = [...node.any, ...node.all, ...node.none].find((check) => check.data)?.data as
        | { contrastRatio?: number }
        | undefined;
      blocking.push({
        rule: violation.id,
        impact,
        target: node.target.map(String).join(' '),
        ratio: typeof data?.contrastRatio === 'number' ? data.contrastRatio : undefined,
        help: violation.help,
      });
    }
  }
  return { counts, blocking };
}

/** One line per finding: rule id, impact, target selector and, for contrast, the measured ratio. */
export function describeFinding(finding: AxeFinding): string {
  const ratio = finding.ratio === undefined ? '' : ` ratio ${finding.ratio}:1`;
  return `${finding.rule} (${finding.impact}) ${finding.target}${ratio} — ${finding.help}`;
}

/** A table of counts per page, theme and size, for the test log. */
export function formatAuditTable(audits: PageAudit[]): string {
  const rows = audits.map(
    (audit) =>
      `${audit.page.padEnd(26)} ${audit.theme.padEnd(5)} ${audit.size.padEnd(7)} ` +
      `${String(audit.counts.serious).padStart(7)} ${String(audit.counts.critical).padStart(8)} ` +
      `${String(audit.counts.moderate).padStart(8)}`,
  );
  return [`${'page'.padEnd(26)} theme size    serious critical moderate`, ...rows].join('\n');
}

async function trpcCall<T>(origin: string, procedure: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${origin}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!answer.result) throw new Error(`${procedure}: ${answer.error?.message ?? response.status}`);
  return answer.result.data;
}

async function trpcQuery<T>(origin: string, procedure: string, token: string): Promise<T> {
  const response = await fetch(`${origin}/api/trpc/${procedure}`, { headers: { authorization: `Bearer ${token}` } });
  const answer = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!answer.result) throw new Error(`${procedure}: ${answer.error?.message ?? response.status}`);
  return answer.result.data;
}

/** The date `days` before today, as YYYY-MM-DD. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** 120 transactions over the last four months: income, several expense categories and payment methods. */
export function ledgerOf120(): Array<Record<string, unknown>> {
  const categories = ['Groceries', 'Rent', 'Transport', 'Dining', 'Utilities', 'Entertainment', 'Health'];
  const methods = ['CARD', 'BANK_TRANSFER', 'MOBILE_PAYMENT', 'AUTO_DEBIT', 'CASH', 'OTHER'];
  return Array.from({ length: 120 }, (_, index) => {
    const income = index % 10 === 0;
    return {
      title: income ? `Salary ${index / 10 + 1}` : `Purchase ${index + 1}`,
      type: income ? 'INCOME' : 'EXPENSE',
      amount: income ? 3200 : Math.round((12.5 + ((index * 37) % 240) + index / 100) * 100) / 100,
      category: income ? 'Salary' : categories[index % categories.length],
      description: index % 3 === 0 ? `Note for row ${index + 1}` : undefined,
      date: daysAgo(1 + index),
      paymentMethod: methods[index % methods.length],
    };
  });
}

/**
 * Signs up a new account through the API, imports the 120-transaction ledger into it and gives it a
 * rule and two budgets (one over its limit), so Settings and the Budgets page show their lists, and two
 * more accounts (a savings account with a transfer into it and a credit card) for the Accounts page.
 */
export async function createAuditUser(origin: string): Promise<{ email: string; password: string }> {
  const account = {
    name: 'Grace Hopper',
    email: `grace-${Date.now()}@example.com`,
    password: 'compiler cobol 1959',
  };
  await trpcCall(origin, 'auth.register', account);
  const { accessToken } = await trpcCall<{ accessToken: string }>(origin, 'auth.login', {
    email: account.email,
    password: account.password,
  });
  const { importedCount } = await trpcCall<{ importedCount: number }>(
    origin,
    'transaction.import',
    { rows: ledgerOf120() },
    accessToken,
  );
  if (importedCount !== 120) throw new Error(`imported ${importedCount} of 120 transactions`);
  const categories = await trpcQuery<Array<{ id: string; kind: string; name: string }>>(
    origin,
    'category.list',
    accessToken,
  );
  const groceries = categories.find((category) => category.kind === 'EXPENSE' && category.name === 'Groceries');
  if (!groceries) throw new Error('the ledger has no Groceries category');
  await trpcCall(
    origin,
    'rule.create',
    { field: 'TITLE', operator: 'CONTAINS', pattern: 'market', categoryId: groceries.id },
    accessToken,
  );
  await trpcCall(origin, 'budget.create', { categoryId: null, period: 'MONTHLY', amount: 5000 }, accessToken);
  await trpcCall(origin, 'budget.create', { categoryId: groceries.id, period: 'MONTHLY', amount: 20 }, accessToken);
  const [main] = await trpcQuery<Array<{ id: string }>>(origin, 'account.list', accessToken);
  const savings = await trpcCall<{ id: string }>(
    origin,
    'account.create',
    { name: 'Savings', kind: 'SAVINGS', openingBalance: 1500 },
    accessToken,
  );
  await trpcCall(
    origin,
    'account.create',
    { name: 'Visa card', kind: 'CREDIT_CARD', openingBalance: -420.5 },
    accessToken,
  );
  await trpcCall(
    origin,
    'transaction.transfer',
    { fromAccountId: main?.id, toAccountId: savings.id, amount: 200, date: daysAgo(2), note: 'Monthly saving' },
    accessToken,
  );
  return { email: account.email, password: account.password };
}

interface AuditStep {
  name: string;
  /** Brings the page into the state to audit. */
  open: (page: Page) => Promise<void>;
}

const signedOutSteps: AuditStep[] = [
  {
    name: 'sign-in',
    open: async (page) => {
      await page.goto('/signin');
      await page.getByRole('heading', { name: 'Welcome back', exact: true }).waitFor();
    },
  },
  {
    name: 'sign-up',
    open: async (page) => {
      await page.goto('/signup');
      await page.getByRole('button', { name: 'Create account' }).waitFor();
    },
  },
  {
    name: 'forgot-password',
    open: async (page) => {
      await page.goto('/forgot-password');
      await page.getByRole('heading', { name: 'Reset your password', exact: true }).waitFor();
    },
  },
];

const signedInSteps: AuditStep[] = [
  {
    name: 'overview',
    open: async (page) => {
      await page.goto('/');
      await page.getByTestId('stat-expenses').waitFor();
      await page.locator('.recharts-surface').first().waitFor();
    },
  },
  {
    name: 'transactions',
    open: async (page) => {
      await page.goto('/transactions');
      await page.getByText('122 transactions').waitFor();
    },
  },
  {
    name: 'transactions-drawer',
    open: async (page) => {
      await page.getByRole('button', { name: 'Add transaction' }).first().click();
      await page.getByRole('dialog').getByLabel('Title').waitFor();
      // Let the drawer finish sliding in, so colours are measured as they end up.
      await page.waitForTimeout(400);
    },
  },
  {
    name: 'transactions-recategorise',
    open: async (page) => {
      await page.goto('/transactions');
      await page.getByText('122 transactions').waitFor();
      // The newest two rows: the salary and a purchase, a mixed selection the dialog refuses in words.
      const boxes = page.getByRole('checkbox', { name: /^Select (Salary|Purchase)/ });
      // At phone width the list is cards, without selection: the page is audited as it stands.
      if (!(await page.locator('.tx-table').isVisible())) return;
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByRole('button', { name: 'Change category' }).click();
      await page.getByRole('dialog', { name: 'Change category' }).getByText('one change cannot cover both').waitFor();
      await page.waitForTimeout(300);
    },
  },
  {
    name: 'budgets',
    open: async (page) => {
      await page.goto('/budgets');
      await page.getByTestId('budget-bar').nth(1).waitFor();
    },
  },
  {
    name: 'budgets-dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'Set a budget' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set a budget' });
      await dialog.getByRole('combobox', { name: 'Budget for' }).click();
      await dialog.getByRole('option', { name: 'Dining' }).waitFor();
      await page.waitForTimeout(300);
    },
  },
  {
    name: 'accounts',
    open: async (page) => {
      await page.goto('/accounts');
      await page.getByTestId('account-row').nth(2).waitFor();
    },
  },
  {
    name: 'accounts-register',
    open: async (page) => {
      await page.getByRole('button', { name: 'Savings', exact: true }).click();
      await page.getByRole('heading', { name: 'Savings: transactions' }).waitFor();
      await page.getByTestId('account-register').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'accounts-dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByRole('dialog', { name: 'Add an account' }).waitFor();
      await page.waitForTimeout(300);
    },
  },
  {
    name: 'reports',
    open: async (page) => {
      await page.goto('/reports');
      await page.getByRole('heading', { name: 'Insights', exact: true }).waitFor();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await page.goto('/settings');
      await page.getByText('This device', { exact: true }).waitFor();
    },
  },
  {
    name: 'settings-categories',
    open: async (page) => {
      const section = page.getByRole('region', { name: 'Categories' });
      await section.getByRole('textbox', { name: 'Name of Groceries' }).waitFor();
      await section.scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'settings-rules',
    open: async (page) => {
      const section = page.getByRole('region', { name: 'Rules' });
      await section.getByTestId('rule-row').first().waitFor();
      await section.scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'settings-rule-form',
    open: async (page) => {
      await page.getByRole('region', { name: 'Rules' }).getByRole('button', { name: 'Edit' }).first().click();
      const form = page.getByRole('dialog', { name: 'Edit rule' });
      await form.getByRole('combobox', { name: 'Category' }).click();
      await form.getByRole('option', { name: 'Groceries' }).waitFor();
      await page.waitForTimeout(300);
    },
  },
];

export interface AuditOptions {
  browser: Browser;
  origin: string;
  account: { email: string; password: string };
  /** Called with each page as audited, e.g. to keep a screenshot. */
  onPage?: (page: Page, name: string) => Promise<void>;
  pageErrors?: string[];
}

/** Audits every page in both themes at both sizes. */
export async function auditApp(options: AuditOptions): Promise<PageAudit[]> {
  const audits: PageAudit[] = [];
  for (const theme of AUDIT_THEMES) {
    for (const size of Object.keys(AUDIT_SIZES) as AuditSize[]) {
      const context: BrowserContext = await options.browser.newContext({
        baseURL: options.origin,
        viewport: AUDIT_SIZES[size],
        colorScheme: theme,
        reducedMotion: 'reduce',
        timezoneId: 'Europe/Berlin',
        locale: 'en-US',
      });
      context.setDefaultTimeout(20_000);
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => options.pageErrors?.push(error.message));
        const audit = async (step: AuditStep) => {
          await step.open(page);
          await page.waitForLoadState('networkidle').catch(() => {});
          const name = `${step.name}-${theme}-${size}`;
          await options.onPage?.(page, name);
          audits.push({ page: step.name, theme, size, ...(await auditPage(page)) });
        };
        for (const step of signedOutSteps) await audit(step);
        await page.goto('/signin');
        await page.getByLabel('Email').fill(options.account.email);
        await page.getByLabel('Password', { exact: true }).fill(options.account.password);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/');
        for (const step of signedInSteps) await audit(step);
      } finally {
        await context.close();
      }
    }
  }
  return audits;
}
