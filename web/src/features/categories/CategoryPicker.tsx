import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import './categories.css';

/** A category the picker offers: its name and the colour its dot shows. */
export interface CategoryChoice {
  name: string;
  colour: string;
}

interface CategoryPickerProps {
  /** Given by Field: the input's id, aria-invalid and aria-describedby. */
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  /** For a picker without a visible label (the filters). */
  'aria-label'?: string;
  /** The receipt draft's mark on a field the scan was unsure of. */
  'data-unsure'?: true;
  value: string;
  options: readonly CategoryChoice[];
  onChange: (name: string) => void;
  /**
   * `type`: what is typed is the value, and a name not in the list is offered as "Create “X”" (the
   * server creates the category when the transaction is saved). `choose`: only a listed category (or
   * none, when `emptyLabel` is given) becomes the value; what is typed only narrows the list.
   */
  mode?: 'type' | 'choose';
  /** In `choose` mode: the option that clears the value ("All categories"). */
  emptyLabel?: string;
  placeholder?: string;
}

type Entry =
  | { kind: 'empty'; label: string }
  | { kind: 'category'; choice: CategoryChoice }
  | { kind: 'create'; name: string };

const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The most options the list shows at once; typing narrows the rest. */
const SHOWN_MAX = 50;

/**
 * A combobox (the WAI-ARIA pattern: an input that owns a listbox) for a category with type-ahead.
 * Arrow keys move through the options, Enter picks the active one, Escape closes the list, and
 * every option shows the category's colour.
 */
export function CategoryPicker({
  id,
  value,
  options,
  onChange,
  mode = 'type',
  emptyLabel,
  placeholder,
  ...aria
}: CategoryPickerProps) {
  const ownId = useId();
  const inputId = id ?? ownId;
  const listId = `${inputId}-listbox`;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  const text = mode === 'type' ? value : (typed ?? (value === '' && emptyLabel ? '' : value));
  const query = normalise(mode === 'type' ? value : (typed ?? ''));
  const entries = useMemo((): Entry[] => {
    const matching = options.filter((choice) => normalise(choice.name).includes(query));
    // Names that start with what was typed first, then the rest in the list's order.
    matching.sort(
      (a, b) => Number(!normalise(a.name).startsWith(query)) - Number(!normalise(b.name).startsWith(query)),
    );
    const list: Entry[] = matching.slice(0, SHOWN_MAX).map((choice) => ({ kind: 'category', choice }));
    if (mode === 'choose' && emptyLabel && query === '') list.unshift({ kind: 'empty', label: emptyLabel });
    const exact = options.some((choice) => normalise(choice.name) === query);
    if (mode === 'type' && query !== '' && !exact) list.push({ kind: 'create', name: value.trim() });
    return list;
  }, [options, query, mode, emptyLabel, value]);

  const selected = options.find((choice) => normalise(choice.name) === normalise(value));

  function pick(entry: Entry) {
    if (entry.kind === 'empty') onChange('');
    else if (entry.kind === 'category') onChange(entry.choice.name);
    else onChange(entry.name);
    setTyped(null);
    setOpen(false);
    setActive(-1);
  }

  function close() {
    setOpen(false);
    setActive(-1);
    setTyped(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(event.key === 'ArrowDown' ? 0 : entries.length - 1);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (entries.length === 0 ? -1 : (current + step + entries.length) % entries.length));
    } else if (event.key === 'Enter') {
      const entry = open ? entries[active] : undefined;
      if (entry) {
        event.preventDefault();
        pick(entry);
      } else if (open) {
        close();
      }
    } else if (event.key === 'Escape') {
      if (open) {
        // Closes the list, not the drawer around it.
        event.stopPropagation();
        event.preventDefault();
      }
      close();
    } else if (event.key === 'Tab') {
      close();
    }
  }

  const activeId = open && active >= 0 && active < entries.length ? `${listId}-${active}` : undefined;
  const dot = selected?.colour;

  return (
    <div className="category-picker">
      {dot ? (
        <span className="category-dot category-picker-input-dot" style={{ background: dot }} aria-hidden="true" />
      ) : null}
      <input
        ref={inputRef}
        id={inputId}
        className={dot ? 'input has-dot' : 'input'}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        placeholder={placeholder ?? (mode === 'choose' ? emptyLabel : undefined)}
        value={text}
        {...aria}
        onChange={(event) => {
          if (mode === 'type') onChange(event.target.value);
          else {
            setTyped(event.target.value);
            if (event.target.value === '' && emptyLabel) onChange('');
          }
          setOpen(true);
          setActive(-1);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <div id={listId} role="listbox" className="category-picker-list" hidden={!open || entries.length === 0}>
        {entries.map((entry, index) => {
          const key = entry.kind === 'category' ? `c-${entry.choice.name}` : entry.kind;
          const isSelected =
            entry.kind === 'category'
              ? normalise(entry.choice.name) === normalise(value)
              : entry.kind === 'empty' && value === '';
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is the input's (aria-activedescendant), as the combobox pattern has it.
            <div
              key={key}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={isSelected}
              className={index === active ? 'category-picker-option is-active' : 'category-picker-option'}
              // Keeps focus in the input, so the blur that closes the list does not come first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(entry)}
            >
              {entry.kind === 'category' ? (
                <>
                  <span className="category-dot" style={{ background: entry.choice.colour }} aria-hidden="true" />
                  {entry.choice.name}
                </>
              ) : entry.kind === 'create' ? (
                `Create “${entry.name}”`
              ) : (
                entry.label
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
