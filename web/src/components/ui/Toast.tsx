import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { Button } from './Button';
import { Icon } from './Icon';

type ToastKind = 'success' | 'error' | 'info';

/** A button in the toast, such as "Undo"; the toast closes when it is pressed. */
export interface ToastAction {
  label: string;
  run: () => void;
}

interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
  action?: ToastAction;
}

interface ToastApi {
  success(message: string, action?: ToastAction): void;
  error(errorOrMessage: unknown): void;
  info(message: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const TOAST_MS = 5000;
/** A toast with an action stays longer, so there is time to read it and reach the button. */
export const ACTION_TOAST_MS = 8000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const region = useRef<HTMLDivElement>(null);
  // A manual popover sits in the top layer, so toasts stay visible above an open modal dialog.
  useEffect(() => {
    const element = region.current;
    if (!element || typeof element.showPopover !== 'function') return;
    if (element.matches(':popover-open')) element.hidePopover();
    if (toasts.length > 0) element.showPopover();
  }, [toasts]);
  const dismiss = useCallback((id: number) => setToasts((items) => items.filter((item) => item.id !== id)), []);
  const push = useCallback(
    (kind: ToastKind, message: string, action?: ToastAction) => {
      const id = nextId.current++;
      setToasts((items) => [...items.slice(-3), { id, kind, message, action }]);
      setTimeout(() => dismiss(id), action ? ACTION_TOAST_MS : TOAST_MS);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      success: (message, action) => push('success', message, action),
      info: (message) => push('info', message),
      error: (error) => push('error', typeof error === 'string' ? error : errorMessage(error)),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div ref={region} className="toasts" aria-live="polite" popover="manual">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className="toast"
            data-kind={toast.kind}
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            <p>{toast.message}</p>
            {toast.action ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action?.run();
                }}
              >
                {toast.action.label}
              </Button>
            ) : null}
            <Button variant="ghost" size="sm" icon onClick={() => dismiss(toast.id)} aria-label="Dismiss">
              <Icon name="close" size={14} />
            </Button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
