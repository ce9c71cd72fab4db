import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import type { Me } from './me';
import { ProfileSection } from './ProfileSection';

const ada: Me = {
  id: 'u1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  emailVerified: true,
  profilePicture: null,
  timezone: 'UTC',
  currency: 'USD',
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
};

function api(op: Operation): FakeAnswer {
  if (op.path === 'user.update') return { data: { ...ada, ...(op.input as object) } };
  throw new Error(`unexpected call ${op.path}`);
}

describe('ProfileSection: currency', () => {
  it('says beside the picker that amounts are relabelled, not converted', () => {
    renderWithApi(<ProfileSection user={ada} />, api);
    const picker = screen.getByLabelText('Currency');
    const hint = screen.getByText('Changes the symbol only: amounts are not converted.');
    expect(picker.getAttribute('aria-describedby')).toBe(hint.id);
  });

  it('saves the new currency as it is, with nothing else to convert', async () => {
    const { calls } = renderWithApi(<ProfileSection user={ada} />, api);
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'EUR');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved')).toBeTruthy();
    expect(calls.find((call) => call.path === 'user.update')?.input).toEqual({
      name: 'Ada Lovelace',
      timezone: 'UTC',
      currency: 'EUR',
    });
  });
});
