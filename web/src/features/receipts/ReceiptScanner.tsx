import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import type { ReceiptScan } from './receipt-draft';
import { type ScanState, useReceiptScan } from './use-receipt-scan';
import './receipts.css';

interface ReceiptScannerProps {
  onScanned: (scan: ReceiptScan) => void;
  /** The smaller version at the top of the add-transaction drawer. */
  compact?: boolean;
  /** In the drawer of a saved transaction the scan only attaches the image; its fields stay as they are. */
  attachOnly?: boolean;
  /** How the scanner reads ambiguous dates and decimal commas; the browser's language when left out. */
  locale?: string;
}

/**
 * Where a receipt photo goes in: dropped on the zone, chosen with the file picker, pasted, or taken
 * with the phone's camera (`capture="environment"` opens the back camera; desktop browsers show the
 * picker instead). While the scanner reads, the zone gives way to the progress state.
 */
export function ReceiptScanner({ onScanned, compact = false, attachOnly = false, locale }: ReceiptScannerProps) {
  const { state, scan, cancel } = useReceiptScan(onScanned, locale);
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const errorId = useId();

  if (state.status !== 'idle') return <ScanProgress state={state} onCancel={cancel} compact={compact} />;

  const takeFile = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void scan(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    takeFile(event.dataTransfer.files);
  };
  const describedBy = [hintId, state.error ? errorId : null].filter(Boolean).join(' ');

  return (
    <div className="receipt-scanner">
      {/* Drag and drop is the pointer's shortcut; the buttons inside do the same from the keyboard. */}
      <section
        className={`receipt-drop${compact ? ' compact' : ''}`}
        data-dragging={dragging || undefined}
        aria-label="Scan a receipt"
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        onPaste={(event) => {
          const files = event.clipboardData.files;
          if (files.length === 0) return;
          event.preventDefault();
          takeFile(files);
        }}
      >
        <span className="receipt-drop-icon" aria-hidden="true">
          <Icon name="receipt" size={compact ? 20 : 28} />
        </span>
        <div className="receipt-drop-text">
          {compact ? (
            <strong>{attachOnly ? 'Attach a receipt' : 'Fill this in from a receipt'}</strong>
          ) : (
            <strong>
              <span className="pointer-only">Drop a photo of the receipt here</span>
              <span className="touch-only">Take a photo of the receipt</span>
            </strong>
          )}
          <span id={hintId} className="muted">
            {compact ? (
              <>
                <span className="pointer-only">Drop a photo here, or choose one. </span>
                <span className="touch-only">Take a photo, or choose one. </span>
                {attachOnly ? 'The fields stay as they are.' : 'The fields fill in for you to check.'}
              </>
            ) : (
              <>
                <span className="pointer-only">Or choose one, or take one with your phone. </span>
                <span className="touch-only">Or choose one you have taken. </span>
                PNG, JPEG or WebP; large photos are shrunk first.
              </>
            )}
          </span>
        </div>
        <div className="receipt-drop-actions">
          <Button
            variant={compact ? 'secondary' : 'primary'}
            size={compact ? 'sm' : 'md'}
            aria-describedby={describedBy}
            onClick={() => picker.current?.click()}
          >
            <Icon name="upload" size={16} /> {attachOnly ? 'Attach receipt' : compact ? 'Scan receipt' : 'Choose image'}
          </Button>
          <Button
            className="touch-only"
            size={compact ? 'sm' : 'md'}
            aria-describedby={describedBy}
            onClick={() => camera.current?.click()}
          >
            <Icon name="camera" size={16} /> Take photo
          </Button>
        </div>
        <input
          ref={picker}
          type="file"
          accept="image/*"
          aria-label="Receipt image"
          data-testid="receipt-file"
          hidden
          onChange={(event) => {
            takeFile(event.target.files);
            event.target.value = '';
          }}
        />
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          aria-label="Receipt photo from the camera"
          hidden
          onChange={(event) => {
            takeFile(event.target.files);
            event.target.value = '';
          }}
        />
      </section>
      {state.error ? (
        <div id={errorId}>
          <Alert>{state.error}</Alert>
        </div>
      ) : null}
    </div>
  );
}

function ScanProgress({
  state,
  onCancel,
  compact,
}: {
  state: Exclude<ScanState, { status: 'idle' }>;
  onCancel: () => void;
  compact: boolean;
}) {
  const [previewFailed, setPreviewFailed] = useState(false);
  // The button that chose the file has gone: keep the keyboard's place on the way out.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector('button')?.focus(), []);
  const heading = state.status === 'preparing' ? 'Preparing the photo…' : 'Reading the receipt…';
  const detail =
    state.status === 'preparing'
      ? 'Checking the image before it is sent.'
      : state.resized
        ? 'The photo was shrunk to send it faster. This takes a second or two.'
        : 'Finding the shop, the total and the date. This takes a second or two.';
  return (
    <div ref={box} className={`receipt-progress${compact ? ' compact' : ''}`} role="status" aria-live="polite">
      <div className="receipt-progress-image" aria-hidden="true">
        {state.preview && !previewFailed ? (
          <img src={state.preview} alt="" onError={() => setPreviewFailed(true)} />
        ) : (
          <Icon name="receipt" size={28} />
        )}
        <span className="receipt-scanline" />
      </div>
      <div className="receipt-progress-text">
        <strong>{heading}</strong>
        <span className="muted">{detail}</span>
        <div className="progress progress-indeterminate" role="progressbar" aria-label={heading}>
          <span />
        </div>
      </div>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
