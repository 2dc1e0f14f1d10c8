import { ErrorNote } from '../../components/ui';
import { instantDateLabel } from '../../utils/dates';
import { useCurrentProfile } from './currentProfile';
import { useAcceptInvitation, useDeclineInvitation, useReceivedInvitations } from './members';

/** Invitations to other households' profiles, waiting for the signed-in user; nothing at all when there are none. */
export function InvitationsInbox() {
  const received = useReceivedInvitations();
  const accept = useAcceptInvitation();
  const decline = useDeclineInvitation();
  const { choose } = useCurrentProfile();
  if (!received.data?.length) return null;

  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <ul className="list">
        {received.data.map((i) => (
          <li key={i.id} className="row">
            <span className="grow email">
              {i.ownerEmail} invites you to <strong>{i.profileName}</strong> as {i.role}.{' '}
              <span className="hint">Answer by {instantDateLabel(i.expiresAt)}.</span>
            </span>
            <button type="button" className="primary" disabled={accept.isPending}
              onClick={() => accept.mutate(i.id, { onSuccess: (profile) => choose(profile.id) })}>
              Accept
            </button>
            <button type="button" disabled={decline.isPending} onClick={() => decline.mutate(i.id)}>Decline</button>
          </li>
        ))}
      </ul>
      <ErrorNote error={accept.error ?? decline.error} />
    </section>
  );
}
