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
      onClose={onClose}
      onCancel={(event) => {
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

interface ConfirmProps {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
}

export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onClose, loading }: ConfirmProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" onClick={onConfirm} loading={loading}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p>{message}</p>
    </Dialog>
  );
}
