import { useState, type FormEvent } from 'react';
import { ConfirmButton, ErrorNote, Field, fieldError, Loading, TableScroll } from '../../components/ui';
import { instantDateLabel } from '../../utils/dates';
import { useCurrentProfile } from './currentProfile';
import {
  ROLES, useCancelInvitation, useChangeRole, useHandOver, useInvite, useLeave, useMembers, useRemoveMember, useSentInvitations,
  type AssignableRole, type SentInvitation,
} from './members';

/** Who shares the profile on screen: everyone sees the members; admins invite and manage them; the owner hands it over. */
export function MembersSection() {
  const { profile } = useCurrentProfile();
  const manages = profile.role === 'admin' || profile.role === 'owner';
  const members = useMembers(profile.id);
  const changeRole = useChangeRole(profile.id);
  const remove = useRemoveMember(profile.id);
  const handOver = useHandOver(profile.id);
  const leave = useLeave(profile.id);

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members of {profile.name}</h2>
      <p className="hint">
        {ROLES.map((r, i) => `${i === 0 ? 'A' : r.role === 'viewer' ? 'a' : 'an'} ${r.role} ${r.says}`).join('; ')}; the owner also deletes the profile or hands it over.
        Amounts here are in {profile.currency}.
      </p>
      {members.isPending ? <Loading what="members" /> : (
        // A table, not a list: its rows are people, apart from the profiles listed above them.
        <TableScroll label="Members">
          <table className="table">
            <caption className="visually-hidden">Members of {profile.name}</caption>
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {members.data?.map((m) => (
                <tr key={m.id}>
                  <td className="email">{m.email} {m.you && <span className="badge">you</span>}</td>
                  <td>
                    {manages && m.role !== 'owner' ? (
                      <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ member: m, role: e.target.value as AssignableRole })}>
                        {ROLES.map((r) => <option key={r.role} value={r.role}>{r.role}</option>)}
                      </select>
                    ) : m.role}
                  </td>
                  <td><div className="row-actions">
                    {profile.role === 'owner' && m.role !== 'owner' && (
                      <ConfirmButton label="Make owner" question={`Hand ${profile.name} to ${m.email}? You stay as an admin.`} onConfirm={() => handOver.mutate(m.id)} />
                    )}
                    {manages && m.role !== 'owner' && !m.you && (
                      <ConfirmButton label="Remove" question={`Remove ${m.email} from ${profile.name}?`} onConfirm={() => remove.mutate(m.id)} />
                    )}
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ErrorNote error={members.error ?? changeRole.error ?? remove.error ?? handOver.error ?? leave.error} />
      {profile.role !== 'owner' && (
        <ConfirmButton label={`Leave ${profile.name}`} question={`Leave ${profile.name}? You will need a new invitation to come back.`} onConfirm={() => leave.mutate()} />
      )}
      {manages && <Invitations />}
    </section>
  );
}

function Invitations() {
  const { profile } = useCurrentProfile();
  const sent = useSentInvitations(profile.id, true);
  const invite = useInvite(profile.id);
  const cancel = useCancelInvitation(profile.id);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('viewer');

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
  }

  return (
    <>
      <h3>Invite someone</h3>
      <form onSubmit={submit} noValidate>
        <Field label="Their email" name="email" error={fieldError(invite.error, 'email')} hint="They see the invitation when they sign in with this email, now or after signing up.">
          {(props) => <input {...props} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="As" name="role" error={fieldError(invite.error, 'role')}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as AssignableRole)}>
              {ROLES.map((r) => <option key={r.role} value={r.role}>{r.role}: {r.says}</option>)}
            </select>
          )}
        </Field>
        <ErrorNote error={invite.error} shown={['email', 'role']} />
        <div className="actions">
          <button className="primary" type="submit" disabled={invite.isPending}>Invite</button>
        </div>
      </form>
      {(sent.data?.length ?? 0) > 0 && (
        <>
          <h3>Waiting for an answer</h3>
          <TableScroll label="Invitations waiting">
            <table className="table">
              <caption className="visually-hidden">Invitations waiting for an answer</caption>
              <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {sent.data?.map((i) => <InvitationRow key={i.id} invitation={i} onCancel={() => cancel.mutate(i.id)} />)}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <ErrorNote error={sent.error ?? cancel.error} />
    </>
  );
}

/**
 * One invitation waiting for an answer. "Invite again" is its own request: its pending state and its error belong to
 * this row, not to the invite form above or to the other rows.
 */
function InvitationRow({ invitation: i, onCancel }: { invitation: SentInvitation; onCancel: () => void }) {
  const { profile } = useCurrentProfile();
  const inviteAgain = useInvite(profile.id);
  return (
    <tr>
      <td className="email">
        {i.email}{' '}
        {i.expired
          ? <span className="badge">expired {instantDateLabel(i.expiresAt)}</span>
          : <span className="hint">until {instantDateLabel(i.expiresAt)}</span>}
      </td>
      <td>{i.role}</td>
      <td>
        <div className="row-actions">
          {/* Nobody can accept an expired invitation; sending it again gives it another fourteen days. */}
          {i.expired && (
            <button type="button" disabled={inviteAgain.isPending} onClick={() => inviteAgain.mutate({ email: i.email, role: i.role as AssignableRole })}>
              Invite again
            </button>
          )}
          <ConfirmButton label="Cancel invitation" question={`Cancel the invitation to ${i.email}?`} onConfirm={onCancel} />
        </div>
        <ErrorNote error={inviteAgain.error} />
      </td>
    </tr>
  );
}
