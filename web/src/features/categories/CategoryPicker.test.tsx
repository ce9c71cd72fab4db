import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { type CategoryChoice, CategoryPicker } from './CategoryPicker';

const options: CategoryChoice[] = [
  { name: 'Groceries', colour: '#16a34a' },
  { name: 'Dining', colour: '#ea580c' },
  { name: 'Gifts', colour: '#db2777' },
];

function Harness({ mode, initial = '' }: { mode?: 'type' | 'choose'; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label htmlFor="picker">Category</label>
      <CategoryPicker
        id="picker"
        mode={mode}
        emptyLabel="All categories"
        value={value}
        options={options}
        onChange={setValue}
      />
      <output data-testid="value">{value}</output>
    </>
  );
}

const value = () => screen.getByTestId('value').textContent;
const optionNames = () => screen.queryAllByRole('option').map((option) => option.textContent);

describe('CategoryPicker', () => {
  it('is a combobox that owns a listbox, opened by typing and narrowed by what is typed', async () => {
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Category' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-controls')).toBe(screen.getByRole('listbox', { hidden: true }).id);
    await userEvent.type(input, 'g');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    // Names that start with the text come first, then those that contain it.
    expect(optionNames()).toEqual(['Groceries', 'Gifts', 'Dining', 'Create “g”']);
  });

  it('picks with the arrow keys and Enter, marking the active option for screen readers', async () => {
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Category' });
    await userEvent.type(input, 'gi');
    await userEvent.keyboard('{ArrowDown}');
    const active = input.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)?.textContent).toBe('Gifts');
    await userEvent.keyboard('{Enter}');
    expect(value()).toBe('Gifts');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('offers to create a new name, and keeps a known one in its own spelling', async () => {
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Category' });
    await userEvent.type(input, 'Pet care');
    expect(optionNames()).toEqual(['Create “Pet care”']);
    await userEvent.click(screen.getByRole('option', { name: 'Create “Pet care”' }));
    expect(value()).toBe('Pet care');

    await userEvent.clear(input);
    await userEvent.type(input, 'dining');
    expect(optionNames()).toEqual(['Dining']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(value()).toBe('Dining');
  });

  it('shows the chosen category’s colour beside it and in every option', async () => {
    const { container } = render(<Harness initial="Dining" />);
    expect((container.querySelector('.category-picker-input-dot') as HTMLElement).style.background).toBe('#ea580c');
    await userEvent.click(screen.getByRole('combobox', { name: 'Category' }));
    const dot = screen.getByRole('option', { name: 'Dining' }).querySelector('.category-dot') as HTMLElement;
    expect(dot.style.background).toBe('#ea580c');
    expect(screen.getByRole('option', { name: 'Dining' }).getAttribute('aria-selected')).toBe('true');
  });

  it('closes on Escape without choosing', async () => {
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Category' });
    await userEvent.type(input, 'Gro');
    await userEvent.keyboard('{ArrowDown}{Escape}');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(value()).toBe('Gro');
  });

  it('in choose mode, only a listed category or none becomes the value', async () => {
    render(<Harness mode="choose" />);
    const input = screen.getByRole('combobox', { name: 'Category' });
    await userEvent.click(input);
    expect(optionNames()).toEqual(['All categories', 'Groceries', 'Dining', 'Gifts']);
    await userEvent.type(input, 'Unknown');
    expect(optionNames()).toEqual([]);
    expect(value()).toBe('');
    await userEvent.clear(input);
    await userEvent.type(input, 'din');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(value()).toBe('Dining');
    await userEvent.click(input);
    await userEvent.clear(input);
    expect(value()).toBe('');
  });
});
