import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../../components/ui';
import { dateLabel } from '../../utils/dates';
import { formatApi } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useCurrentProfile } from '../profiles/currentProfile';
import { useUpcoming } from './schedules';

/** The dashboard's list of what recurring transactions will spend in the next 30 days. */
export function UpcomingCard() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const upcoming = useUpcoming(profile.id);

  return (
    <section aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">Upcoming</h2>
      {upcoming.isPending ? (
        <Loading what="upcoming transactions" />
      ) : upcoming.error ? (
        <ErrorNote error={upcoming.error} />
      ) : upcoming.data.length === 0 ? (
        <Empty title="Nothing due in the next 30 days"><p>Recurring transactions (rent, subscriptions) are set on a budget's screen.</p></Empty>
      ) : (
        <ul className="card list upcoming" aria-label="Upcoming in the next 30 days">
          {upcoming.data.slice(0, 8).map((u) => (
            <li key={`${u.scheduleId}-${u.date}`} className="heading-row">
              <span>
                <span className="upcoming-date">{dateLabel(u.date)}</span>{' '}
                <Link to={`/budgets/${u.budgetId}`}>{u.budgetName}</Link>
                {u.note ? <span className="hint"> · {u.note}</span> : null}
              </span>
              <strong>{formatApi(u.amount, money)}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
