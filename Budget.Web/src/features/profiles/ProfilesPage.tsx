import { useState, type FormEvent } from 'react';
import { ConfirmButton, ErrorNote, Field, fieldError } from '../../components/ui';
import { Avatar, useCurrentProfile } from './currentProfile';
import { InvitationsInbox } from './InvitationsInbox';
import { MembersSection } from './MembersSection';
import { AVATAR_COLORS, colourChoices, useDeleteProfile, useProfiles, useSaveProfile, type Profile } from './profiles';

export default function ProfilesPage() {
  const profiles = useProfiles().data ?? [];
  const { profile: current, choose } = useCurrentProfile();
  const remove = useDeleteProfile();
  const [editing, setEditing] = useState<Profile | 'new' | null>(null);

  return (
    <section>
      <h1>Profiles</h1>
      <p className="hint">One profile per family member, each with their own money map, budgets and goals. Share one to keep it together.</p>
      <InvitationsInbox />
      <ul className="list">
        {profiles.map((p) => (
          <li key={p.id} className="row">
            <Avatar profile={p} />
            <span className="grow">
              {p.name} {p.isOwner && p.role === 'owner' && <span className="badge">yours</span>}
              {' '}{p.sharedWithYou ? <span className="badge email">shared by {p.ownerEmail} · {p.role}</span> : p.memberCount > 1 && <span className="badge">shared with {p.memberCount - 1}</span>}
              {' '}{p.id === current.id && <span className="badge">showing</span>}
            </span>
            {p.id !== current.id && <button type="button" onClick={() => choose(p.id)}>Show</button>}
            {(p.role === 'owner' || p.role === 'admin') && <button type="button" onClick={() => setEditing(p)}>Edit</button>}
            {p.role === 'owner' && !p.isOwner && (
              <ConfirmButton label="Delete" question={`Delete ${p.name} and all their data?`} onConfirm={() => remove.mutate(p.id)} />
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={remove.error} />
      {editing ? (
        <ProfileForm key={editing === 'new' ? 'new' : editing.id} profile={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="primary" onClick={() => setEditing('new')}>Add a profile</button>
      )}
      <MembersSection key={current.id} />
    </section>
  );
}

function ProfileForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const save = useSaveProfile();
  const [name, setName] = useState(profile?.name ?? '');
  const [color, setColor] = useState(profile?.avatarColor.toUpperCase() ?? AVATAR_COLORS[1].color);
  const choices = colourChoices(profile?.avatarColor ?? null);
  // The version this form was opened on: saving over someone else's later change is a 409, not a silent overwrite.
  const [version] = useState(profile?.version);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ ...(profile ? { id: profile.id, version } : {}), name, avatarColor: color }, { onSuccess: onDone });
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{profile ? `Edit ${profile.name}` : 'New profile'}</h2>
      <Field label="Name" name="name" error={fieldError(save.error, 'name')}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset className="colors">
        <legend>Avatar colour</legend>
        {choices.map((c) => (
          <label key={c.color} className="swatch" style={{ background: c.color }}>
            <input type="radio" name="color" value={c.color} checked={color === c.color} onChange={() => setColor(c.color)} />
            <span className="visually-hidden">{c.name}</span>
          </label>
        ))}
      </fieldset>
      <ErrorNote error={save.error} shown={['name']} />
      <p className="row"><Avatar profile={{ name: name || '?', avatarColor: color }} /> Preview</p>
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
