import type { MailMessage } from '../../lib/mailer';
import { moneyFormatter } from '../report/insights';
import type { LeasedBudgetAlert } from './budget-alert.repository';
import { periodSpan } from './budget-period';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The e-mail for one crossed threshold, as plain text and HTML, in the user's currency. */
export function renderBudgetAlertEmail(alert: LeasedBudgetAlert): MailMessage {
  const money = moneyFormatter(alert.currency);
  const what = alert.categoryName === null ? 'your overall budget' : `your ${alert.categoryName} budget`;
  const span = periodSpan(alert.period, alert.periodStart);
  const periodText = `${alert.period === 'WEEKLY' ? 'week' : 'month'} of ${span.from} to ${span.to}`;
  const over = alert.spentCents > alert.budgetedCents;
  const headline = `You have spent ${alert.threshold}% of ${what}`;
  const figures = `Spent ${money(alert.spentCents)} of ${money(alert.budgetedCents)} this ${periodText}.`;
  const overText = over ? ` That is ${money(alert.spentCents - alert.budgetedCents)} over budget.` : '';
  const footer = 'You receive this e-mail because budget alerts are on in your FinAIlytics budgets page.';
  const text = [`Hi ${alert.name},`, '', `${headline}.`, `${figures}${overText}`, '', footer].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 8px">${escapeHtml(headline)}</h1>
<p>Hi ${escapeHtml(alert.name)}, ${escapeHtml(figures)}${escapeHtml(overText)}</p>
<p style="color:#888;font-size:12px">${escapeHtml(footer)}</p>
</body></html>`;
  return { to: alert.email, subject: `Budget alert: ${alert.threshold}% of ${what}`, text, html };
}
