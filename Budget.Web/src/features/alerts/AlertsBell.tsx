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
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && <span className="count" aria-hidden="true" data-testid="unread-count">{unread > 99 ? '99+' : unread}</span>}
    </NavLink>
  );
}
