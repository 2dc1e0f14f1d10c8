import { NavLink } from 'react-router';
import { useCurrentProfile } from '../profiles/currentProfile';
import { useAlerts } from './alerts';

/** The top bar's way to the notifications, with the number of unread ones. */
export function AlertsBell() {
  const { profile } = useCurrentProfile();
  const alerts = useAlerts(profile.id);
  const unread = alerts.data?.unread ?? 0;
  return (
    <NavLink to="/alerts" className="bell" aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && <span className="count" aria-hidden="true" data-testid="unread-count">{unread > 99 ? '99+' : unread}</span>}
    </NavLink>
  );
}
