import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MoneyInput } from '../../components/MoneyInput';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading } from '../../components/ui';
import { apiAmountToInput, parseAmount, toApiAmount } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useDraft, useEditParam } from '../auth/useDraft';
import { ReadOnlyNote, useCanEdit, useCurrentProfile } from '../profiles/currentProfile';
import { useBudgets, useDeleteBudget, useSaveBudget, type Budget, type BudgetPeriod } from './budgets';
import { SpentBar } from './SpentBar';
import { formatThresholds, parseThresholds } from './thresholds';

export default function BudgetsPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const budgets = useBudgets(profile.id);
  const remove = useDeleteBudget(profile.id);
  const [edit, setEdit] = useEditParam();
  const canEdit = useCanEdit();
  const editing: Budget | 'new' | null = !canEdit ? null : edit === 'new' ? 'new' : budgets.data?.find((b) => String(b.id) === edit) ?? null;

  return (
    <section>
      <div className="heading-row">
        <h1>Budgets</h1>
        {!editing && canEdit && <button type="button" className="primary" onClick={() => setEdit('new')}>New budget</button>}
      </div>
      {!canEdit && <ReadOnlyNote />}
      {editing && <BudgetForm key={editing === 'new' ? 'new' : editing.id} budget={editing === 'new' ? null : editing} onDone={() => setEdit(null)} />}
      {budgets.isPending ? (
        <Loading what="budgets" />
      ) : budgets.error ? (
        <ErrorNote error={budgets.error} />
      ) : budgets.data.length === 0 ? (
        <Empty title="No budgets yet">
          <p>A budget sets how much may go on one thing (groceries, fuel) each week, month or year.</p>
        </Empty>
      ) : (
        <ul className="cards">
          {budgets.data.map((b) => (
            <li key={b.id} className="card">
              <div className="heading-row">
                <h2><Link to={`/budgets/${b.id}`}>{b.name}</Link></h2>
                <span className="badge">{b.period}</span>
              </div>
              <SpentBar spent={b.spent} budgeted={b.budgeted} remaining={b.remaining} money={money} />
              <div className="actions">
                <Link to={`/budgets/${b.id}`} className="button">Transactions</Link>
                {canEdit && <button type="button" onClick={() => setEdit(String(b.id))}>Edit</button>}
                {canEdit && <ConfirmButton label="Delete" question={`Delete ${b.name} and its transactions?`} onConfirm={() => remove.mutate(b.id)} />}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={remove.error} />
    </section>
  );
}

function BudgetForm({ budget, onDone }: { budget: Budget | null; onDone: () => void }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const save = useSaveBudget(profile.id);
  const { draft, set, discard } = useDraft(`budget.${profile.id}.${budget?.id ?? 'new'}`, {
    name: budget?.name ?? '',
    amount: budget ? apiAmountToInput(budget.budgeted, money.exponent) : '',
    period: budget?.period ?? 'monthly',
    thresholds: formatThresholds(budget?.alertThresholds),
  });
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const close = () => { discard(); onDone(); };

  // The version this form was opened on: saving over someone else's later change is a 409, not a silent overwrite.
  const [version] = useState(budget?.version);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(draft.amount, money.exponent);
    if (!parsed.ok) return setLocal({ budgeted: parsed.error });
    const thresholds = parseThresholds(draft.thresholds);
    if (!thresholds.ok) return setLocal({ alertThresholds: thresholds.error });
    setLocal({});
    save.mutate(
      {
        ...(budget ? { id: budget.id } : {}),
        body: { name: draft.name, budgeted: toApiAmount(parsed.minor, money.exponent), period: draft.period, alertThresholds: thresholds.value, ...(budget ? { version } : {}) },
      },
      { onSuccess: close },
    );
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{budget ? `Edit ${budget.name}` : 'New budget'}</h2>
      <Field label="Name" name="name" error={fieldError(save.error, 'name', local)}>
        {(props) => <input {...props} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <MoneyInput label={`Amount (${money.currency})`} name="budgeted" value={draft.amount} onChange={(value) => set('amount', value)} error={fieldError(save.error, 'budgeted', local)} />
      <Field label="Period" name="period" error={fieldError(save.error, 'period')}>
        {(props) => (
          <select {...props} value={draft.period} onChange={(e) => set('period', e.target.value as BudgetPeriod)}>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
            <option value="yearly">Yearly</option>
          </select>
        )}
      </Field>
      <Field label="Alert at (% of the budget)" name="alertThresholds" error={fieldError(save.error, 'alertThresholds', local)} hint="Percents separated by commas, such as 80, 100. Empty: no alerts.">
        {(props) => <input {...props} inputMode="numeric" value={draft.thresholds} onChange={(e) => set('thresholds', e.target.value)} />}
      </Field>
      <ErrorNote error={save.error} shown={['name', 'budgeted', 'period', 'alertThresholds']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save budget</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}
