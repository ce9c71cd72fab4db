import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from './Button';
import { Icon } from './Icon';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  variant?: 'modal' | 'modal-wide' | 'drawer';
  /** Wraps the body and footer in a form so Enter submits. */
  onSubmit?: () => void;
}

/**
 * A native <dialog> opened with showModal(): the browser traps focus, closes on Escape and makes the
 * rest of the page inert.
 */
export function Dialog({ open, onClose, title, children, footer, variant = 'modal', onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close?.();
  }, [open]);

  const content = (
    <>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-footer">{footer}</div> : null}
    </>
  );
  return (
    // A click on the backdrop closes, as Escape (onCancel) does for the keyboard.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape is the keyboard path, handled by onCancel.
    <dialog
      ref={ref}
      className={variant === 'modal-wide' ? 'modal modal-wide' : variant}
      // React passes a nested dialog's close and cancel up the component tree: only this dialog's own count.
      onClose={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      onCancel={(event) => {
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === ref.current) onClose();
      }}
      aria-labelledby={titleId}
    >
      {open ? (
        <div className="dialog-inner">
          <div className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <Button variant="ghost" icon onClick={onClose} aria-label="Close">
              <Icon name="close" />
            </Button>
          </div>
          {onSubmit ? (
            <form
              className="dialog-inner"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                onSubmit();
              }}
            >
              {content}
            </form>
          ) : (
            content
          )}
        </div>
      ) : null}
    </dialog>
  );
}

interface FormDialogProps extends Omit<DialogProps, 'footer' | 'onSubmit' | 'variant'> {
  variant?: 'modal' | 'drawer';
  /** Runs on the submit button and on Enter in any field. */
  onSubmit: () => void;
  submitLabel: string;
  /** A red button for a step that destroys something; the primary colour otherwise. */
  danger?: boolean;
  /** The request is running: the button shows a spinner and takes no second click. */
  pending?: boolean;
}

/** A dialog that is one form: Cancel beside the submit button, the same in every dialog that asks for input. */
export function FormDialog({ submitLabel, danger, pending, onClose, ...dialog }: FormDialogProps) {
  return (
    <Dialog
      {...dialog}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} loading={pending}>
            {submitLabel}
          </Button>
        </>
      }
    />
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onClose, loading }: ConfirmProps) {
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={title}
      onSubmit={onConfirm}
      submitLabel={confirmLabel}
      danger
      pending={loading}
    >
      <p>{message}</p>
    </FormDialog>
  );
}
