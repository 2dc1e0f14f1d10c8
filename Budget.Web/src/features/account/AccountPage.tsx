import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, fieldError } from '../../components/ui';
import { api, unwrap } from '../../lib/api';
import { useAuth, useMe } from '../auth/auth';
import { NotificationChannels } from '../alerts/NotificationChannels';
import ExportSection from '../exports/ExportSection';

export default function AccountPage() {
  const me = useMe();
  const { signOut } = useAuth();
  return (
    <section>
      <h1>Account</h1>
      <p className="hint">Signed in as {me.email}. Amounts are in {me.currency}.</p>
      <p><button type="button" onClick={() => void signOut()}>Sign out of Budget</button></p>
      <NotificationChannels />
      <ExportSection />
      <ChangePassword />
      <DeleteAccount />
    </section>
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      await unwrap(api.PUT('/api/auth/password', { body: { currentPassword, newPassword } }));
      setCurrent('');
      setNew('');
      setDone(true);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>Change password</h2>
      <Field label="Current password" name="currentPassword" error={fieldError(error, 'currentPassword')}>
        {(props) => <input {...props} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label="New password" name="newPassword" error={fieldError(error, 'newPassword')} hint="At least 12 characters.">
        {(props) => <input {...props} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />}
      </Field>
      <ErrorNote error={error} shown={['currentPassword', 'newPassword']} />
      {done && <p className="ok" role="status">Password changed.</p>}
      <button className="primary" type="submit">Change password</button>
    </form>
  );
}

function DeleteAccount() {
  const { signOut } = useAuth();
  const [password, setPassword] = useState('');
  const [sure, setSure] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await unwrap(api.DELETE('/api/auth/me', { body: { password } }));
      await signOut().catch(() => {});
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>Delete account</h2>
      <p>This deletes every profile, money map, budget, transaction and goal of this account. It cannot be undone.</p>
      <Field label="Password" name="password" error={fieldError(error, 'password')}>
        {(props) => <input {...props} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <label className="row">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} /> I understand everything will be deleted
      </label>
      <ErrorNote error={error} shown={['password']} />
      <button className="danger" type="submit" disabled={!sure}>Delete my account</button>
    </form>
  );
}
