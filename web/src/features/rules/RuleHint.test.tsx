import type { Categorisation } from '@finailytics/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../test/render';
import { RuleHint } from './RuleHint';

const byRule: Categorisation = {
  by: 'rule',
  ruleId: '0b9f4f7e-5c1d-4d8e-9a1b-2c3d4e5f6a7b',
  rulePattern: 'uber',
  category: 'Transport',
  categoryId: '1b9f4f7e-5c1d-4d8e-9a1b-2c3d4e5f6a7b',
  setTitle: null,
  setPaymentMethod: null,
};
const suggested: Categorisation = { by: 'suggestion', category: 'Coffee', merchant: 'starbucks', count: 3 };

function renderHint(answers: { match: Categorisation | null; suggest: Categorisation | null }, category = '') {
  const onUse = vi.fn();
  const view = renderWithApi(
    <RuleHint title="Starbucks #12" description="" amount={4.5} type="EXPENSE" category={category} onUse={onUse} />,
    (op) => {
      if (op.path === 'rule.match') return { data: answers.match };
      if (op.path === 'rule.suggest') return { data: answers.suggest };
      if (op.path === 'rule.createFromSuggestion') return { data: { pattern: 'starbucks', category: 'Coffee' } };
      return { data: null };
    },
  );
  return { ...view, onUse };
}

describe('RuleHint', () => {
  it('names the matching rule and offers to use its category', async () => {
    const { onUse, calls } = renderHint({ match: byRule, suggest: null });
    const hint = await screen.findByTestId('rule-hint');
    expect(hint.textContent).toContain('Rule ‘uber’ → Transport');
    expect(hint.textContent).toContain('applied when you save with Category blank');
    await userEvent.click(screen.getByRole('button', { name: 'Use' }));
    expect(onUse).toHaveBeenCalledWith('Transport');
    expect(calls.find((call) => call.path === 'rule.match')?.input).toEqual({
      title: 'Starbucks #12',
      description: null,
      type: 'EXPENSE',
      amount: 4.5,
    });
    // A rule decides, so no suggestion is asked for.
    expect(calls.some((call) => call.path === 'rule.suggest')).toBe(false);
  });

  it('offers no "Use" when the field already holds the rule\'s category', async () => {
    renderHint({ match: byRule, suggest: null }, 'Transport');
    await screen.findByTestId('rule-hint');
    expect(screen.queryByRole('button', { name: 'Use' })).toBeNull();
  });

  it('shows a suggestion with its count, and turns it into a rule with "Always do this"', async () => {
    const { onUse, calls } = renderHint({ match: null, suggest: suggested });
    const hint = await screen.findByTestId('suggestion-hint');
    expect(hint.textContent).toContain('Suggested: Coffee (3 earlier “starbucks”)');
    await userEvent.click(screen.getByRole('button', { name: 'Always do this' }));
    await screen.findByText('Rule added: ‘starbucks’ → Coffee');
    expect(calls.find((call) => call.path === 'rule.createFromSuggestion')?.input).toEqual({
      merchant: 'starbucks',
      category: 'Coffee',
      type: 'EXPENSE',
    });
    expect(onUse).toHaveBeenCalledWith('Coffee');
  });

  it('shows nothing when neither a rule nor the history has an answer', async () => {
    const { calls } = renderHint({ match: null, suggest: null });
    await vi.waitFor(() => expect(calls.some((call) => call.path === 'rule.suggest')).toBe(true));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
