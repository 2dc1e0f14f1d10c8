import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { MoneyInput } from '../../components/MoneyInput';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading } from '../../components/ui';
import { formatApi, parseAmount, toApiAmount } from '../../utils/money';
import { today } from '../../utils/dates';
import { useMoney } from '../auth/auth';
import { useDraft } from '../auth/useDraft';
import { ReadOnlyNote, useCanEdit, useCurrentProfile } from '../profiles/currentProfile';
import { useAddTransaction, useBudgets, useDeleteTransaction, useTransactions } from './budgets';
import { SpentBar } from './SpentBar';
import { SchedulesSection } from '../schedules/SchedulesSection';

export default function BudgetPage() {
  const budgetId = Number(useParams().budgetId);
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const budgets = useBudgets(profile.id);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const transactions = useTransactions(profile.id, budgetId, from, to);
  const remove = useDeleteTransaction(profile.id, budgetId);
  const canEdit = useCanEdit();

  if (budgets.isPending) return <Loading what="budget" />;
  const budget = budgets.data?.find((b) => b.id === budgetId);
  if (!budget) {
    return <Empty title="This budget is not here"><p><Link to="/budgets">Back to budgets</Link></p></Empty>;
  }

  return (
    <section>
      <p><Link to="/budgets">← Budgets</Link></p>
      <h1>{budget.name}</h1>
      <p className="hint">This period runs {budget.periodStart} to {budget.periodEnd} ({budget.period}).</p>
      <SpentBar spent={budget.spent} budgeted={budget.budgeted} remaining={budget.remaining} money={money} />
      {canEdit ? <TransactionForm budgetId={budgetId} /> : <ReadOnlyNote />}
      {canEdit && <SchedulesSection budgetId={budgetId} budgetName={budget.name} />}
      <h2>Transactions</h2>
      <p><Link to={`/import?budget=${budgetId}`}>Import from a bank file</Link></p>
      <div className="filters" role="group" aria-label="Date filter">
        <Field label="From" name="from">{(props) => <input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
        <Field label="To" name="to">{(props) => <input {...props} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
        {(from || to) && <button type="button" onClick={() => { setFrom(''); setTo(''); }}>Clear dates</button>}
      </div>
      <ErrorNote error={transactions.error} shown={[]} />
      {transactions.isPending ? (
        <Loading what="transactions" />
      ) : transactions.data?.length === 0 ? (
        <Empty title={from || to ? 'No transactions between these dates' : 'No transactions yet'} />
      ) : (
        <table className="table">
          <caption className="visually-hidden">Transactions in {budget.name}</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Note</th><th scope="col" className="num">Amount</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {transactions.data?.map((t) => (
              <tr key={t.id}>
                <td>{t.date}</td>
                <td>{t.note}{t.recurring && <> <span className="badge">Recurring</span></>}</td>
                <td className="num">{formatApi(t.amount, money)}</td>
                <td>{canEdit && <ConfirmButton label="Delete" question={`Delete ${formatApi(t.amount, money)} on ${t.date}?`} onConfirm={() => remove.mutate(t.id)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={remove.error} />
    </section>
  );
}

function TransactionForm({ budgetId }: { budgetId: number }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const add = useAddTransaction(profile.id, budgetId);
  // A transaction typed when the session ends is still here after signing in again.
  const { draft, set } = useDraft(`transaction.${profile.id}.${budgetId}`, { amount: '', date: today(), note: '' });
  const [local, setLocal] = useState<Record<string, string | undefined>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(draft.amount, money.exponent);
    if (!parsed.ok) return setLocal({ amount: parsed.error });
    setLocal({});
    add.mutate({ amount: toApiAmount(parsed.minor, money.exponent), date: draft.date, note: draft.note || null }, {
      onSuccess: () => { set('amount', ''); set('note', ''); }, // the date stays for the next one
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>Add a transaction</h2>
      <div className="grid3">
        <MoneyInput label="Amount" name="amount" value={draft.amount} onChange={(value) => set('amount', value)} error={fieldError(add.error, 'amount', local)} hint="Negative for a refund." />
        <Field label="Date" name="date" error={fieldError(add.error, 'date')}>
          {(props) => <input {...props} type="date" value={draft.date} onChange={(e) => set('date', e.target.value)} />}
        </Field>
        <Field label="Note" name="note" error={fieldError(add.error, 'note')}>
          {(props) => <input {...props} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
        </Field>
      </div>
      <ErrorNote error={add.error} shown={['amount', 'date', 'note']} />
      <button className="primary" type="submit" disabled={add.isPending}>Add transaction</button>
    </form>
  );
}
