import { Empty, ErrorNote, Loading } from '../../components/ui';
import { useCurrentProfile } from '../profiles/currentProfile';
import { useAlerts, useMarkRead, type Alert } from './alerts';

export default function AlertsPage() {
  const { profile } = useCurrentProfile();
  const alerts = useAlerts(profile.id);
  const markRead = useMarkRead(profile.id);
  if (alerts.isPending) return <Loading what="notifications" />;
  if (alerts.isError) return <ErrorNote error={alerts.error} />;
  const { unread, alerts: list } = alerts.data;
  return (
    <section>
      <div className="heading-row">
        <h1>Notifications</h1>
        {unread > 0 && (
          <button type="button" onClick={() => markRead.mutate('all')} disabled={markRead.isPending}>
            Mark all read
          </button>
        )}
      </div>
      <p className="hint">
        {unread === 0 ? 'Nothing unread.' : `${unread} unread.`} Budgets tell you when their spending reaches a threshold
        (set on each budget); goals when their deadline is at risk. Push them to your phone from the Account screen.
      </p>
      <ErrorNote error={markRead.error} />
      {list.length === 0 ? (
        <Empty title="No notifications yet" />
      ) : (
        <ul className="list alerts">
          {list.map((alert) => (
            <AlertItem key={alert.id} alert={alert} onRead={() => markRead.mutate(alert.id)} busy={markRead.isPending} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, onRead, busy }: { alert: Alert; onRead: () => void; busy: boolean }) {
  const unread = alert.readAt === null;
  return (
    <li className={`card alert${unread ? ' unread' : ''}`}>
      <div className="heading-row">
        <h2 className="alert-title">
          {unread && <span className="visually-hidden">Unread: </span>}
          {alert.title}
        </h2>
        {unread && (
          <button type="button" className="small" onClick={onRead} disabled={busy} aria-label={`Mark read: ${alert.title}`}>
            Mark read
          </button>
        )}
      </div>
      <p>{alert.message}</p>
      <p className="hint">
        <time dateTime={alert.createdAt}>{new Date(alert.createdAt).toLocaleString()}</time>
      </p>
    </li>
  );
}
