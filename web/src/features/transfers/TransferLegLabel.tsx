import { Icon } from '../../components/ui/Icon';
import { type TransferRoute, transferLabel } from './transfer-label';

/** A transfer leg's mark where other rows show their category: "Transfer · Checking → Savings". */
export function TransferLegLabel({ route }: { route: TransferRoute | null }) {
  return (
    <span className="badge badge-primary transfer-label" data-testid="transfer-label">
      <Icon name="transfer" size={13} />
      {transferLabel(route)}
    </span>
  );
}
