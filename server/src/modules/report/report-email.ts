import type { ReportContent } from '@finailytics/shared';
import type { MailMessage } from '../../lib/mailer';
import { moneyFormatter } from './insights';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function reportSubject(content: ReportContent): string {
  return `Your FinAIlytics report: ${content.period.label}`;
}

/** The e-mail for a stored report: the same numbers as plain text and as HTML, in the user's currency. */
export function renderReportEmail(content: ReportContent, recipient: { email: string; name: string }): MailMessage {
  const money = moneyFormatter(content.currency);
  const amount = (value: number) => money(Math.round(value * 100));
  const { summary, period } = content;
  const savings = summary.savingsRate === null ? 'n/a (no income)' : `${percent.format(summary.savingsRate)}%`;
  const figures: [string, string][] = [
    ['Income', amount(summary.income)],
    ['Expenses', amount(summary.expenses)],
    ['Balance', amount(summary.balance)],
    ['Savings rate', savings],
  ];
  const budgets = (content.budgets ?? []).map((budget) => {
    const name = budget.categoryName ?? 'Overall';
    const state = budget.overBudget
      ? `over budget by ${amount(-budget.remaining)}`
      : `${amount(budget.remaining)} left`;
    return [name, `${amount(budget.spent)} of ${amount(budget.budgeted)} (${state})`] as const;
  });
  const categories = summary.topCategories.map(
    (category) => [category.name, `${amount(category.amount)} (${category.percent}%)`] as const,
  );

  const text = [
    `Hi ${recipient.name},`,
    '',
    `Here is your financial report for ${period.label} (${period.from} to ${period.to}).`,
    '',
    ...figures.map(([label, value]) => `${`${label}:`.padEnd(14)}${value}`),
    '',
    'Top spending categories',
    ...(categories.length > 0 ? categories.map(([name, value]) => `- ${name}: ${value}`) : ['- No expenses']),
    '',
    'Insights',
    ...content.insights.map((insight) => `- ${insight}`),
    '',
    ...(budgets.length > 0 ? ['Budgets', ...budgets.map(([name, value]) => `- ${name}: ${value}`), ''] : []),
    'You receive this e-mail because reports are enabled in your FinAIlytics settings.',
  ].join('\n');

  const row = (label: string, value: string) =>
    `<tr><td style="padding:4px 16px 4px 0;color:#555">${escapeHtml(label)}</td><td style="padding:4px 0;text-align:right;font-weight:600">${escapeHtml(value)}</td></tr>`;
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 8px">Your report for ${escapeHtml(period.label)}</h1>
<p style="margin:0 0 16px;color:#555">Hi ${escapeHtml(recipient.name)}, here are your numbers from ${escapeHtml(period.from)} to ${escapeHtml(period.to)}.</p>
<table style="border-collapse:collapse;margin:0 0 16px">${figures.map(([label, value]) => row(label, value)).join('')}</table>
<h2 style="font-size:16px;margin:16px 0 8px">Top spending categories</h2>
${categories.length > 0 ? `<table style="border-collapse:collapse">${categories.map(([name, value]) => row(name, value)).join('')}</table>` : '<p>No expenses</p>'}
<h2 style="font-size:16px;margin:16px 0 8px">Insights</h2>
<ul>${content.insights.map((insight) => `<li>${escapeHtml(insight)}</li>`).join('')}</ul>
${budgets.length > 0 ? `<h2 style="font-size:16px;margin:16px 0 8px">Budgets</h2><table style="border-collapse:collapse">${budgets.map(([name, value]) => row(name, value)).join('')}</table>` : ''}
<p style="color:#888;font-size:12px">You receive this e-mail because reports are enabled in your FinAIlytics settings.</p>
</body></html>`;

  return { to: recipient.email, subject: reportSubject(content), text, html };
}
