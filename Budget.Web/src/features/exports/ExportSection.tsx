import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNote, Field, fieldError } from '../../components/ui';
import { api, ApiError, unwrap, type Schemas } from '../../lib/api';
import { tooLargeMessage, useUploadLimits } from '../../lib/uploadLimits';
import { today } from '../../utils/dates';
import { useCurrentProfile } from '../profiles/currentProfile';
import { download } from './download';

/** Downloads of the current profile (CSV, the monthly PDF) and of the whole account, and restoring a backup. */
export default function ExportSection() {
  return (
    <>
      <ProfileDownloads />
      <AccountBackup />
      <RestoreBackup />
    </>
  );
}

function ProfileDownloads() {
  const { profile } = useCurrentProfile();
  const [month, setMonth] = useState(today().slice(0, 7));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const base = `/api/profiles/${profile.id}/exports`;

  async function get(path: string, name: string) {
    setError(null);
    setSaved('');
    try {
      setSaved(await download(path, name));
    } catch (caught) {
      setError(caught);
    }
  }

  function report(event: FormEvent) {
    event.preventDefault();
    void get(`${base}/report.pdf?month=${encodeURIComponent(month)}`, `budget-report-${month}.pdf`);
  }

  const range = new URLSearchParams();
  if (from) range.set('from', from);
  if (to) range.set('to', to);
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export {profile.name}</h2>
      <form onSubmit={report} noValidate>
        <Field label="Month" name="month" error={fieldError(error, 'month')}>
          {(props) => <input {...props} type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />}
        </Field>
        <button className="primary" type="submit">Download monthly report (PDF)</button>
      </form>
      <h3>Spreadsheets (CSV)</h3>
      <div className="row">
        <Field label="Transactions from" name="from" error={fieldError(error, 'from')}>
          {(props) => <input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field label="to" name="to" error={fieldError(error, 'to')}>
          {(props) => <input {...props} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </div>
      <p className="row">
        <button type="button" onClick={() => void get(`${base}/transactions.csv${range.size ? `?${range}` : ''}`, 'budget-transactions.csv')}>Transactions CSV</button>
        <button type="button" onClick={() => void get(`${base}/budgets.csv`, 'budget-budgets.csv')}>Budgets CSV</button>
        <button type="button" onClick={() => void get(`${base}/goals.csv`, 'budget-goals.csv')}>Goals CSV</button>
      </p>
      <ErrorNote error={error} shown={['month', 'from', 'to']} />
      {saved && <p className="ok" role="status">Downloaded {saved}.</p>}
    </section>
  );
}

function AccountBackup() {
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');

  async function get() {
    setError(null);
    setSaved('');
    try {
      setSaved(await download('/api/account/export', 'budget-account.json'));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Back up the whole account</h2>
      <p className="hint">One JSON file with every profile you own: money maps, budgets, transactions and goals.</p>
      <button type="button" onClick={() => void get()}>Download account backup (JSON)</button>
      <ErrorNote error={error} />
      {saved && <p className="ok" role="status">Downloaded {saved}.</p>}
    </section>
  );
}

interface Chosen {
  name: string;
  text: string;
  profiles: string[];
  exportedAt: string;
}

function RestoreBackup() {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Schemas['RestoreResponse'] | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = useUploadLimits();

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setError(null);
    setResult(null);
    setChosen(null);
    const file = event.target.files?.[0];
    if (!file) return;
    const refused = tooLargeMessage(file.name, file.size, limits.data?.backupBytes);
    if (refused) {
      event.target.value = '';
      setError(new ApiError(413, { detail: `${refused} Nothing was restored. To restore it, give the server more memory for a while (README: Deployment).` }));
      return;
    }
    const text = await file.text();
    try {
      const backup = JSON.parse(text) as Partial<Schemas['AccountBackup']>;
      setChosen({ name: file.name, text, profiles: (backup.profiles ?? []).map((p) => p.name), exportedAt: String(backup.exportedAt ?? '').slice(0, 10) });
    } catch {
      setError(new ApiError(400, { detail: `${file.name} is not a Budget backup (it is not JSON).` }));
    }
  }

  async function restore() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      // The file goes as it is, so no amount passes through a JavaScript number on the way.
      const restored = await unwrap(api.POST('/api/account/restore', { body: {} as Schemas['AccountBackup'], bodySerializer: () => chosen.text }));
      setResult(restored);
      setChosen(null);
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const problems = error instanceof ApiError ? Object.entries(error.problem.errors ?? {}) : [];
  return (
    <section className="card" aria-labelledby="restore-heading">
      <h2 id="restore-heading">Restore from a backup file</h2>
      <p className="hint">
        Restoring adds the backup&apos;s profiles to this account; nothing here is deleted. The backup&apos;s own profile fills your own profile
        while that is still empty.
      </p>
      <Field label="Backup file" name="backupFile">
        {(props) => <input {...props} type="file" accept="application/json,.json" onChange={(e) => void choose(e)} />}
      </Field>
      {chosen && (
        <div role="group" aria-label="Confirm restore">
          <p>
            Restore {chosen.profiles.length} {chosen.profiles.length === 1 ? 'profile' : 'profiles'} ({chosen.profiles.join(', ')})
            {chosen.exportedAt && ` exported on ${chosen.exportedAt}`} from {chosen.name}?
          </p>
          <p className="row">
            <button className="primary" type="button" disabled={busy} onClick={() => void restore()}>Restore backup</button>
            <button type="button" onClick={() => setChosen(null)}>Cancel</button>
          </p>
        </div>
      )}
      {problems.length > 0 ? (
        <div role="alert" className="error">
          <p>Nothing was restored. The file has problems:</p>
          <ul>
            {problems.slice(0, 10).map(([path, messages]) => (
              <li key={path}>
                <code>{path}</code>: {messages.join(' ')}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNote error={error} />
      )}
      {result && (
        <p className="ok" role="status">
          Restored {result.profiles.length} {result.profiles.length === 1 ? 'profile' : 'profiles'} ({result.profiles.map((p) => p.name).join(', ')}):{' '}
          {result.nodes} nodes, {result.flows} flows, {result.budgets} budgets, {result.transactions} transactions and {result.goals} goals.
        </p>
      )}
    </section>
  );
}
