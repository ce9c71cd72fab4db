import type { UpdateScope } from '@finailytics/shared';
import { useId } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';

/** What is being edited: the series' first transaction (its template) or one it made. */
export type SeriesPart = 'template' | 'occurrence';

const CHOICES: Record<SeriesPart, Record<UpdateScope, string>> = {
  occurrence: {
    this: 'The rest of the series stays as it is.',
    future: 'Later transactions of this series change too; earlier ones stay as they are.',
  },
  template: {
    this: 'Transactions the series has already made stay as they are; the ones it makes from now on follow the change.',
    future: 'Every transaction of this series changes, each keeping its own date.',
  },
};

const LABELS: Record<UpdateScope, string> = {
  this: 'Change only this one',
  future: 'This and future ones',
};

interface EditScopeDialogProps {
  open: boolean;
  part: SeriesPart;
  /** The scope being saved, while the request runs. */
  pending: UpdateScope | null;
  onChoose: (scope: UpdateScope) => void;
  onClose: () => void;
}

/**
 * Asks which transactions of a recurring series an edit changes. Each choice is a button whose
 * description is read with it; Escape, the backdrop, Close and Cancel keep the drawer open unsaved.
 */
export function EditScopeDialog({ open, part, pending, onChoose, onClose }: EditScopeDialogProps) {
  const id = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Change a recurring transaction"
      footer={
        <Button onClick={onClose} disabled={pending !== null}>
          Cancel
        </Button>
      }
    >
      <p id={`${id}-question`}>This transaction is part of a recurring series. Which ones should change?</p>
      <ul className="scope-choices" aria-labelledby={`${id}-question`}>
        {(['this', 'future'] as const).map((scope) => (
          <li key={scope}>
            <Button
              block
              className="scope-choice"
              variant={scope === 'future' ? 'primary' : 'secondary'}
              loading={pending === scope}
              disabled={pending !== null && pending !== scope}
              aria-describedby={`${id}-${scope}`}
              onClick={() => onChoose(scope)}
            >
              {LABELS[scope]}
            </Button>
            <p id={`${id}-${scope}`} className="field-hint">
              {CHOICES[part][scope]}
            </p>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
