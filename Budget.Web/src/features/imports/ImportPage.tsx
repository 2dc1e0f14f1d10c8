import { useState, type ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorNote, Field, Loading, TableScroll } from '../../components/ui';
import { formatApi } from '../../utils/money';
import { formatBytes, tooLargeMessage, useUploadLimits } from '../../lib/uploadLimits';
import { useMoney } from '../auth/auth';
import { useCurrentProfile } from '../profiles/currentProfile';
import {
  useCommitImport, useImportBudgets, usePreviewImport,
  type CsvMapping, type ImportPreview, type ImportResult,
} from './imports';

/**
 * Import a bank export into a budget: choose the file and the budget, check the preview (for a CSV, how its columns
 * are read), then import. Rows already imported are skipped, so the same file can be imported again safely.
 */
export default function ImportPage() {
  const { profile } = useCurrentProfile();
  const budgets = useImportBudgets(profile.id);
  const [params] = useSearchParams();
  const [budgetId, setBudgetId] = useState(params.get('budget') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [bankName, setBankName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const previewing = usePreviewImport(profile.id);
  const commit = useCommitImport(profile.id);
  const limits = useUploadLimits();
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  function show(chosen: File, mapping?: CsvMapping) {
    setResult(null);
    commit.reset();
    // A new preview is a new import: a new key, so it is not taken for a retry of the last one.
    setKey(crypto.randomUUID());
    previewing.mutate(
      { file: chosen, mapping: mapping ?? null, bankName: bankName.trim() || null },
      { onSuccess: setPreview },
    );
  }

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const input = event.target;
    const chosen = input.files?.[0];
    if (!chosen) return;
    const refused = tooLargeMessage(chosen.name, chosen.size, limits.data?.importFileBytes);
    setTooLarge(refused);
    if (refused) {
      input.value = '';
      setFile(null);
      setPreview(null);
      return;
    }
    // Emptied, so choosing the same file again (a second import of it) is a change too.
    input.value = '';
    setFile(chosen);
    setPreview(null);
    show(chosen);
  }

  function confirm() {
    if (!file || !preview) return;
    commit.mutate(
      { budgetId: Number(budgetId), file, mapping: preview.csv?.mapping ?? null, bankName: bankName.trim() || null, key },
      { onSuccess: (imported) => { setResult(imported); setPreview(null); } },
    );
  }

  if (budgets.isPending) return <Loading what="budgets" />;
  if (budgets.data?.length === 0) {
    return <Empty title="Create a budget to import into first"><p><Link to="/budgets">Go to budgets</Link></p></Empty>;
  }
  const target = budgets.data?.find((b) => String(b.id) === budgetId);

  return (
    <section>
      <h1>Import a bank file</h1>
      <p className="hint">CSV, OFX, QFX or QIF, as your bank exports it. Rows imported before are recognised and skipped.</p>
      <div className="card">
        <div className="grid3">
          <Field label="Budget" name="budgetId">
            {(props) => (
              <select {...props} value={budgetId} onChange={(e) => setBudgetId(e.target.value)}>
                <option value="">Choose a budget…</option>
                {budgets.data?.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
              </select>
            )}
          </Field>
          <Field label="Bank file" name="file" hint={limits.data ? `Up to ${formatBytes(limits.data.importFileBytes, 'down')}; import a larger one in parts.` : undefined}>
            {(props) => <input {...props} type="file" accept=".csv,.txt,.ofx,.qfx,.qif,text/csv" onChange={(e) => void choose(e)} />}
          </Field>
          <Field label="Bank name (optional)" name="bankName" hint="Remembers how this bank's CSV is read.">
            {(props) => <input {...props} value={bankName} onChange={(e) => setBankName(e.target.value)} />}
          </Field>
        </div>
      </div>
      {tooLarge && <p role="alert" className="error">{tooLarge} Import it in parts (a few months at a time).</p>}
      {previewing.isPending && <Loading what="preview" />}
      <ErrorNote error={previewing.error} />
      {result && (
        <p className="notice" role="status">
          {result.imported} imported, {result.alreadyImported} already there.{' '}
          <Link to={`/budgets/${result.budgetId}`}>Open the budget</Link>
        </p>
      )}
      {preview && file && (
        <Preview
          preview={preview}
          fileName={file.name}
          onMapping={(mapping) => show(file, mapping)}
          onConfirm={confirm}
          canImport={Boolean(target) && preview.problems.length === 0 && !commit.isPending}
          targetName={target?.name}
        />
      )}
      <ErrorNote error={commit.error} />
    </section>
  );
}

function Preview({ preview, fileName, onMapping, onConfirm, canImport, targetName }: {
  preview: ImportPreview;
  fileName: string;
  onMapping: (mapping: CsvMapping) => void;
  onConfirm: () => void;
  canImport: boolean;
  targetName: string | undefined;
}) {
  const money = useMoney();
  return (
    <div className="card">
      <h2>Preview of {fileName}</h2>
      <p>
        {preview.format.toUpperCase()} file: <strong>{preview.newRows} new</strong>, {preview.alreadyImported} already imported.
      </p>
      {preview.csv && <MappingForm csv={preview.csv} onMapping={onMapping} />}
      {preview.problemCount > 0 && (
        <div className="error" role="alert">
          <p>{preview.problemCount} {preview.problemCount === 1 ? 'line cannot' : 'lines cannot'} be read{preview.csv ? ' with this mapping' : ''}:</p>
          <ul>
            {preview.problems.map((p) => <li key={`${p.line}-${p.field}`}>Line {p.line} ({p.field}): {p.message}</li>)}
          </ul>
        </div>
      )}
      <div className="actions">
        <button className="primary" type="button" onClick={onConfirm} disabled={!canImport}>
          Import {preview.newRows} {preview.newRows === 1 ? 'transaction' : 'transactions'}{targetName ? ` into ${targetName}` : ''}
        </button>
        {!targetName && <span className="hint">Choose a budget first.</span>}
      </div>
      <TableScroll label="Rows in the file">
        <table className="table">
          <caption className="visually-hidden">Rows in the file</caption>
          <thead>
            <tr><th scope="col">Line</th><th scope="col">Date</th><th scope="col">Note</th><th scope="col" className="num">Spent</th><th scope="col">Status</th></tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                <td>{row.date}</td>
                <td>{row.note}</td>
                <td className="num">{formatApi(row.amount, money)}</td>
                <td>{row.alreadyImported ? 'Already imported' : 'New'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

const NONE = '';

/** How the CSV's columns are read; every change previews again with the new mapping. */
function MappingForm({ csv, onMapping }: { csv: NonNullable<ImportPreview['csv']>; onMapping: (mapping: CsvMapping) => void }) {
  const mapping = csv.mapping;
  const set = (change: Partial<CsvMapping>) => onMapping({ ...mapping, ...change });
  const column = (value: string) => (value === NONE ? null : Number(value));
  // An amount column and debit/credit columns are two ways of reading money: choosing one drops the other.
  const choose = (name: keyof CsvMapping, value: number | null): Partial<CsvMapping> =>
    name === 'amountColumn' && value !== null ? { amountColumn: value, debitColumn: null, creditColumn: null }
      : (name === 'debitColumn' || name === 'creditColumn') && value !== null ? { [name]: value, amountColumn: null }
        : { [name]: value };
  const columnSelect = (label: string, name: keyof CsvMapping, value: number | null | undefined, optional: boolean) => (
    <Field label={label} name={name}>
      {(props) => (
        <select {...props} value={value ?? NONE} onChange={(e) => set(choose(name, column(e.target.value)))}>
          {optional && <option value={NONE}>(none)</option>}
          {csv.columns.map((c, i) => <option key={i} value={i}>{c}</option>)}
        </select>
      )}
    </Field>
  );
  return (
    <fieldset className="mapping">
      <legend>
        How the columns are read{' '}
        <span className="hint">
          ({csv.mappingSource === 'remembered' ? `remembered${csv.bankName ? ` for ${csv.bankName}` : ''}` : csv.mappingSource === 'given' ? 'your choice' : 'guessed'})
        </span>
      </legend>
      <div className="grid3">
        {columnSelect('Date column', 'dateColumn', mapping.dateColumn, false)}
        <Field label="Date format" name="dateFormat">
          {(props) => (
            <select {...props} value={mapping.dateFormat} onChange={(e) => set({ dateFormat: e.target.value })}>
              {csv.dateFormats.map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
          )}
        </Field>
        <Field label="Number style" name="decimalSeparator">
          {(props) => (
            <select {...props} value={mapping.decimalSeparator} onChange={(e) => set({ decimalSeparator: e.target.value })}>
              <option value=",">1.234,56</option>
              <option value=".">1,234.56</option>
            </select>
          )}
        </Field>
        {columnSelect('Amount column', 'amountColumn', mapping.amountColumn, true)}
        {columnSelect('Debit column (money out)', 'debitColumn', mapping.debitColumn, true)}
        {columnSelect('Credit column (money in)', 'creditColumn', mapping.creditColumn, true)}
        {columnSelect('Payee column', 'payeeColumn', mapping.payeeColumn, true)}
        {columnSelect('Description column', 'descriptionColumn', mapping.descriptionColumn, true)}
      </div>
    </fieldset>
  );
}
