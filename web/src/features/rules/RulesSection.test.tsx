import type { Category, Rule, RulePreview } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../test/render';
import { RulesSection } from './RulesSection';

const transport: Category = {
  id: 'c0000000-0000-4000-8000-000000000001',
  kind: 'EXPENSE',
  name: 'Transport',
  colour: '#2563eb',
  icon: null,
};
const refundsIncome: Category = {
  id: 'c0000000-0000-4000-8000-000000000002',
  kind: 'INCOME',
  name: 'Refunds',
  colour: '#65a30d',
  icon: null,
};
const refundsExpense: Category = {
  id: 'c0000000-0000-4000-8000-000000000003',
  kind: 'EXPENSE',
  name: 'Refunds',
  colour: '#dc2626',
  icon: null,
};

function rule(id: string, pattern: string, position: number): Rule {
  return {
    id,
    position,
    field: 'TITLE',
    operator: 'CONTAINS',
    pattern,
    amountMin: position === 1 ? 5 : null,
    amountMax: position === 1 ? 50 : null,
    transactionType: null,
    categoryId: transport.id,
    category: 'Transport',
    categoryKind: 'EXPENSE',
    setTitle: null,
    setPaymentMethod: null,
  };
}

const rules = [
  rule('a0000000-0000-4000-8000-000000000001', 'uber', 0),
  rule('a0000000-0000-4000-8000-000000000002', 'lyft', 1),
];
const preview: RulePreview = { count: 7, scanned: 120, truncated: false, sample: [] };

function renderSection() {
  return renderWithApi(<RulesSection />, (op) => {
    if (op.path === 'rule.list') return { data: rules };
    if (op.path === 'category.list') return { data: [transport, refundsIncome, refundsExpense] };
    if (op.path === 'rule.create') return { data: { ...rule('a0000000-0000-4000-8000-000000000003', 'bus', 2) } };
    if (op.path === 'rule.reorder') return { data: [...rules].reverse() };
    if (op.path === 'rule.preview') return { data: preview };
    if (op.path === 'rule.applyToExisting') return { data: { changed: 7, scanned: 120, truncated: false } };
    return { data: null };
  });
}

describe('RulesSection', () => {
  it('lists the rules in order, in words', async () => {
    renderSection();
    const rows = await screen.findAllByTestId('rule-row');
    expect(rows.map((row) => within(row).getByText(/→/).textContent)).toEqual([
      'Title contains ‘uber’ → Transport',
      'Title contains ‘lyft’, 5.00–50.00 → Transport',
    ]);
  });

  it('moves a rule down with its button, sending the whole new order', async () => {
    const { calls } = renderSection();
    await screen.findAllByTestId('rule-row');
    expect((screen.getByRole('button', { name: 'Move rule ‘uber’ up' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Move rule ‘uber’ down' }));
    await vi.waitFor(() => expect(calls.some((call) => call.path === 'rule.reorder')).toBe(true));
    expect(calls.find((call) => call.path === 'rule.reorder')?.input).toEqual({
      ids: [rules[1]?.id, rules[0]?.id],
    });
  });

  it('previews, asks, then applies a rule to existing transactions', async () => {
    const { calls } = renderSection();
    const [first] = await screen.findAllByTestId('rule-row');
    await userEvent.click(within(first as HTMLElement).getByRole('button', { name: 'Apply…' }));
    const confirm = within(
      await screen.findByRole('dialog', { name: 'Apply to existing transactions?', hidden: true }),
    );
    expect(confirm.getByText(/7 existing transactions change to the rule ‘uber’/)).toBeTruthy();
    expect(calls.some((call) => call.path === 'rule.applyToExisting')).toBe(false);
    await userEvent.click(confirm.getByRole('button', { name: 'Change 7', hidden: true }));
    await screen.findByText('7 transactions updated');
    expect(calls.find((call) => call.path === 'rule.applyToExisting')?.input).toEqual({ id: rules[0]?.id });
  });

  it('picks the rule’s category with the type-ahead picker, telling a name both kinds have apart', async () => {
    const { calls } = renderSection();
    await screen.findAllByTestId('rule-row');
    await userEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    const form = within(await screen.findByRole('dialog', { name: 'New rule', hidden: true }));
    await userEvent.type(form.getByRole('textbox', { name: 'Text', hidden: true }), 'bus');
    const picker = form.getByRole('combobox', { name: 'Category', hidden: true });
    await userEvent.type(picker, 'ref');
    const listbox = within(form.getByRole('listbox', { hidden: true }));
    expect(listbox.getAllByRole('option', { hidden: true }).map((option) => option.textContent)).toEqual([
      'Refunds (expense)',
      'Refunds (income)',
    ]);
    await userEvent.click(form.getByRole('option', { name: 'Refunds (income)', hidden: true }));
    expect((picker as HTMLInputElement).value).toBe('Refunds (income)');
    await userEvent.click(form.getByRole('button', { name: 'Save rule', hidden: true }));
    await screen.findByText('Rule added');
    expect(calls.find((call) => call.path === 'rule.create')?.input).toMatchObject({
      pattern: 'bus',
      categoryId: refundsIncome.id,
    });
  });

  it('shows the category of the rule being edited in the picker', async () => {
    renderSection();
    const [first] = await screen.findAllByTestId('rule-row');
    await userEvent.click(within(first as HTMLElement).getByRole('button', { name: /Edit/ }));
    const form = within(await screen.findByRole('dialog', { name: 'Edit rule', hidden: true }));
    expect((form.getByRole('combobox', { name: 'Category', hidden: true }) as HTMLInputElement).value).toBe(
      'Transport',
    );
  });
});
