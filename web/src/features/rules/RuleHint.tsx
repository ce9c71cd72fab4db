import type { TransactionType } from '@finailytics/shared';
import { Button } from '../../components/ui/Button';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';
import { useDebounced } from '../../lib/use-debounced';
import './rules.css';

interface RuleHintProps {
  title: string;
  description: string;
  /** The typed amount when it reads as one; rules with an amount range wait for it. */
  amount: number | null;
  type: TransactionType;
  /** What the category field holds now. */
  category: string;
  onUse: (category: string) => void;
}

const TYPING_SETTLES_MS = 300;

/**
 * Under the drawer's category field: the rule that categorises what is being typed ("Rule ‘uber’ →
 * Transport"), else the category the person's history suggests, with "Use" and "Always do this".
 * Nothing is filled in without a click; a rule applies on save only when the category is left blank.
 */
export function RuleHint({ title, description, amount, type, category, onUse }: RuleHintProps) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const query = useDebounced(
    {
      title: title.trim(),
      description: description.trim() || null,
      type,
      ...(amount !== null ? { amount } : {}),
    },
    TYPING_SETTLES_MS,
  );
  const enabled = query.title !== '' && query.title.length <= 255;
  const match = trpc.rule.match.useQuery(query, { enabled, staleTime: 30_000 });
  const suggest = trpc.rule.suggest.useQuery(
    { title: query.title, description: query.description, type: query.type },
    { enabled: enabled && match.data === null, staleTime: 30_000 },
  );
  const always = trpc.rule.createFromSuggestion.useMutation({
    onSuccess: (rule) => {
      toast.success(`Rule added: ‘${rule.pattern}’ → ${rule.category}`);
      onUse(rule.category);
      void utils.rule.invalidate();
    },
    onError: (error) => toast.error(error),
  });
  if (!enabled) return null;
  const chosen = category.trim();

  if (match.data?.by === 'rule') {
    const rule = match.data;
    return (
      <div className="rule-hint" role="status" data-testid="rule-hint">
        <span>
          Rule ‘{rule.rulePattern}’ → <strong>{rule.category}</strong>
          {chosen === '' ? ' (applied when you save with Category blank)' : ''}
        </span>
        {chosen !== rule.category ? (
          <Button size="sm" variant="ghost" onClick={() => onUse(rule.category)}>
            Use
          </Button>
        ) : null}
      </div>
    );
  }
  const suggestion = suggest.data;
  if (suggestion?.by !== 'suggestion' || match.data === undefined) return null;
  return (
    <div className="rule-hint" role="status" data-testid="suggestion-hint">
      <span>
        Suggested: <strong>{suggestion.category}</strong> ({suggestion.count} earlier “{suggestion.merchant}”)
      </span>
      {chosen !== suggestion.category ? (
        <Button size="sm" variant="ghost" onClick={() => onUse(suggestion.category)}>
          Use
        </Button>
      ) : null}
      <Button
        size="sm"
        variant="ghost"
        loading={always.isPending}
        onClick={() =>
          always.mutate({ merchant: suggestion.merchant, category: suggestion.category, type: query.type })
        }
      >
        Always do this
      </Button>
    </div>
  );
}
