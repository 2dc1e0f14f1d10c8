import { formatApi, type MoneyFormat } from '../../utils/money';

/** Spent against budgeted: a bar capped at full, and words that say plainly when it is over. */
export function SpentBar({ spent, budgeted, remaining, money }: { spent: number; budgeted: number; remaining: number; money: MoneyFormat }) {
  const percent = budgeted > 0 ? Math.round((spent / budgeted) * 100) : 0; // only for drawing, never shown as money
  const over = remaining < 0;
  return (
    <div className="spent">
      <div className={`bar ${over ? 'over' : percent >= 80 ? 'near' : ''}`} role="img"
        aria-label={`${formatApi(spent, money)} spent of ${formatApi(budgeted, money)}`}>
        <span style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
      </div>
      <p className="spent-text">
        {formatApi(spent, money)} of {formatApi(budgeted, money)} ·{' '}
        {over ? <strong className="over-text">Over by {formatApi(-remaining, money)}</strong> : <span>{formatApi(remaining, money)} left</span>}
      </p>
    </div>
  );
}
