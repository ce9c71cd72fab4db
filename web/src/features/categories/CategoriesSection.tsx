import {
  CATEGORY_LIMITS,
  CATEGORY_PALETTE,
  type CategoryWithUsage,
  categoryNameSchema,
  type TransactionType,
} from '@finailytics/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useCurrentUser } from '../auth/session-hooks';
import { SettingsSection } from '../settings/SettingsSection';
import { useLedgerChanged } from '../transactions/use-ledger-changed';
import { DeleteCategoryDialog, MergeCategoriesDialog } from './CategoryDialogs';
import { useCategories } from './use-categories';
import './categories.css';

const KINDS: { kind: TransactionType; title: string }[] = [
  { kind: 'EXPENSE', title: 'Expense categories' },
  { kind: 'INCOME', title: 'Income categories' },
];

/** Settings → Categories: every category by kind, renamed inline, recoloured, merged or deleted. */
export function CategoriesSection() {
  const { query, list } = useCategories();
  const currency = useCurrentUser().data?.currency ?? 'USD';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [merging, setMerging] = useState<CategoryWithUsage[] | null>(null);
  const [deleting, setDeleting] = useState<CategoryWithUsage | null>(null);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <SettingsSection
      title="Categories"
      description={`Rename, recolour, merge or delete your categories; transactions follow. Up to ${CATEGORY_LIMITS.perUserMax}.`}
    >
      {query.error ? <Alert>{errorMessage(query.error)}</Alert> : null}
      {query.isPending ? <Skeleton height={200} /> : null}
      <AddCategoryForm />
      {KINDS.map(({ kind, title }) => {
        const ofKind = list.filter((category) => category.kind === kind);
        const chosen = ofKind.filter((category) => selected.has(category.id));
        return (
          <div key={kind} className="categories-kind">
            <h3 id={`categories-${kind}`}>{title}</h3>
            <div className="categories-toolbar">
              <Button size="sm" disabled={chosen.length < 2} onClick={() => setMerging(chosen)}>
                Merge selected ({chosen.length})
              </Button>
            </div>
            <ul className="categories-list" aria-labelledby={`categories-${kind}`}>
              {ofKind.map((category) => (
                <CategoryRow
                  key={category.id}
                  category={category}
                  currency={currency}
                  selected={selected.has(category.id)}
                  onToggle={() => toggle(category.id)}
                  onDelete={() => setDeleting(category)}
                />
              ))}
            </ul>
          </div>
        );
      })}
      {merging ? (
        <MergeCategoriesDialog
          categories={merging}
          onClose={(done) => {
            setMerging(null);
            if (done) setSelected(new Set());
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteCategoryDialog
          category={deleting}
          others={list.filter((category) => category.kind === deleting.kind && category.id !== deleting.id)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </SettingsSection>
  );
}

function AddCategoryForm() {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TransactionType>('EXPENSE');
  const [error, setError] = useState<string | null>(null);
  const create = trpc.category.create.useMutation({
    onSuccess: (category) => {
      toast.success(`Category “${category.name}” added`);
      setName('');
      ledgerChanged();
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  return (
    <form
      className="categories-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = categoryNameSchema.safeParse(name);
        if (!parsed.success) {
          setError(parsed.error.issues[0]?.message ?? 'Invalid name');
          return;
        }
        setError(null);
        create.mutate({ kind, name: parsed.data });
      }}
    >
      <input
        className="input"
        style={{ maxWidth: 240 }}
        aria-label="New category name"
        placeholder="New category"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <select
        className="select"
        style={{ maxWidth: 160 }}
        aria-label="New category kind"
        value={kind}
        onChange={(event) => setKind(event.target.value as TransactionType)}
      >
        <option value="EXPENSE">Expense</option>
        <option value="INCOME">Income</option>
      </select>
      <Button type="submit" size="sm" loading={create.isPending}>
        Add category
      </Button>
      {error ? <Alert>{error}</Alert> : null}
    </form>
  );
}

function CategoryRow({
  category,
  currency,
  selected,
  onToggle,
  onDelete,
}: {
  category: CategoryWithUsage;
  currency: string;
  selected: boolean;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [name, setName] = useState(category.name);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const update = trpc.category.update.useMutation({
    onSuccess: (saved) => {
      setName(saved.name);
      setError(null);
      ledgerChanged();
    },
    onError: (failure) => {
      setError(errorMessage(failure));
      setName(category.name);
    },
  });

  const rename = () => {
    const parsed = categoryNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Invalid name');
      return;
    }
    if (parsed.data === category.name) return;
    update.mutate(
      { id: category.id, name: parsed.data },
      { onSuccess: (saved) => toast.success(`Renamed to “${saved.name}”`) },
    );
  };
  const recolour = (colour: string) => update.mutate({ id: category.id, colour });
  // The custom picker reports every colour it passes while dragged; the last one is saved.
  const customTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(customTimer.current), []);
  const [custom, setCustom] = useState(category.colour);
  const pickCustom = (colour: string) => {
    setCustom(colour);
    clearTimeout(customTimer.current);
    customTimer.current = setTimeout(() => recolour(colour), 400);
  };
  const count = category.transactionCount;

  return (
    <li className="categories-row" data-testid={`category-${category.kind}-${category.name}`}>
      <input type="checkbox" aria-label={`Select ${category.name}`} checked={selected} onChange={onToggle} />
      <button
        type="button"
        className="categories-colour"
        style={{ background: category.colour }}
        aria-label={`Colour of ${category.name}: ${category.colour}`}
        aria-expanded={paletteOpen}
        onClick={() => setPaletteOpen((open) => !open)}
      />
      <input
        className="input"
        aria-label={`Name of ${category.name}`}
        value={name}
        maxLength={CATEGORY_LIMITS.nameMax}
        onChange={(event) => setName(event.target.value)}
        onBlur={rename}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            rename();
          } else if (event.key === 'Escape') {
            setName(category.name);
          }
        }}
      />
      <span className="categories-usage">
        {count.toLocaleString()} transaction{count === 1 ? '' : 's'} · {formatMoney(category.monthTotal, currency)} this
        month
      </span>
      <span className="categories-row-actions">
        <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${category.name}`}>
          Delete
        </Button>
      </span>
      {paletteOpen ? (
        <fieldset className="categories-palette" style={{ gridColumn: '1 / -1', border: 0, padding: 0, margin: 0 }}>
          <legend className="visually-hidden">Colour of {category.name}</legend>
          {CATEGORY_PALETTE.map((colour) => (
            <button
              key={colour}
              type="button"
              style={{ background: colour }}
              aria-label={colour}
              aria-pressed={category.colour === colour}
              onClick={() => recolour(colour)}
            />
          ))}
          <label>
            <span className="visually-hidden">Custom colour</span>
            <input
              type="color"
              value={custom}
              aria-label="Custom colour"
              onChange={(event) => pickCustom(event.target.value)}
            />
          </label>
        </fieldset>
      ) : null}
      {error ? (
        <div style={{ gridColumn: '1 / -1' }}>
          <Alert>{error}</Alert>
        </div>
      ) : null}
    </li>
  );
}
