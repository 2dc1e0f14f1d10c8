import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { ErrorNote, Field, fieldError } from '../../components/ui';
import { useAuth } from './auth';

export function SignInPage({ mode }: { mode: 'signIn' | 'signUp' }) {
  const auth = useAuth();
  // The email survives a session that ended underneath the user: it is kept for this tab only.
  const [email, setEmail] = useState(() => sessionStorage.getItem('budget.email') ?? '');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ended = auth.state.status === 'signedOut' && auth.state.why === 'ended';
  const signUp = mode === 'signUp';
  const { search } = useLocation(); // carries ?next= between sign-in and sign-up

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    sessionStorage.setItem('budget.email', email);
    try {
      if (signUp) await auth.signUp(email, password, name, currency);
      else await auth.signIn(email, password);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1>
        <span className="logo" aria-hidden="true">◔</span> Budget
      </h1>
      <form onSubmit={submit} className="card" noValidate>
        <h2>{signUp ? 'Create your household account' : 'Sign in'}</h2>
        {ended && !signUp && <p className="notice" role="status">Your session ended. Sign in again to carry on.</p>}
        <Field label="Email" name="email" error={fieldError(error, 'email')}>
          {(props) => <input {...props} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password" name="password" error={fieldError(error, 'password')} {...(signUp ? { hint: 'At least 12 characters.' } : {})}>
          {(props) => (
            <input {...props} type="password" autoComplete={signUp ? 'new-password' : 'current-password'} required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        {signUp && (
          <>
            <Field label="Your name" name="name" error={fieldError(error, 'name')}>
              {(props) => <input {...props} autoComplete="given-name" value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label="Currency" name="currency" error={fieldError(error, 'currency')} hint="Three letters, e.g. USD or EUR. Leave empty for the default.">
              {(props) => <input {...props} maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />}
            </Field>
          </>
        )}
        <ErrorNote error={error} shown={signUp ? ['email', 'password', 'name', 'currency'] : ['email', 'password']} />
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Please wait…' : signUp ? 'Create account' : 'Sign in'}
        </button>
        <p>
          {signUp ? <>Have an account? <Link to={`/signin${search}`}>Sign in</Link></> : <>New here? <Link to={`/signup${search}`}>Create an account</Link></>}
        </p>
      </form>
    </main>
  );
}
