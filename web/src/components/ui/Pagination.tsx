import { Button } from './Button';

interface PaginationProps {
  /** Names the bar for screen readers when a page has more than one list. */
  label: string;
  /** The page on screen and how many there are, as the server counted them. */
  pagination: { page: number; totalPages: number } | undefined;
  /** The page last asked for, which the buttons step from while its rows are on their way. */
  requestedPage?: number;
  onPageChange: (page: number) => void;
}

/** "Page 2 of 5" with Previous and Next; nothing at all while everything fits on one page. */
export function Pagination({ label, pagination, requestedPage, onPageChange }: PaginationProps) {
  if (!pagination || pagination.totalPages <= 1) return null;
  const from = requestedPage ?? pagination.page;
  return (
    <nav className="pagination" aria-label={label}>
      <span>
        Page {pagination.page} of {pagination.totalPages}
      </span>
      <div className="toolbar">
        <Button size="sm" disabled={from <= 1} onClick={() => onPageChange(from - 1)}>
          Previous
        </Button>
        <Button size="sm" disabled={from >= pagination.totalPages} onClick={() => onPageChange(from + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
