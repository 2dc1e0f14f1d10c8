import { useState, type FormEvent } from 'react';
import { MoneyInput } from '../../components/MoneyInput';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading } from '../../components/ui';
import { dateLabel, today } from '../../utils/dates';
import { apiAmountToInput, formatApi, parseAmount, toApiAmount } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useDraft } from '../auth/useDraft';
import { useCurrentProfile } from '../profiles/currentProfile';
import { describeSchedule, monthName, useDeleteSchedule, useSaveSchedule, useSchedules, WEEKDAYS, type Frequency, type Schedule, type Weekday } from './schedules';

/** The budget screen's recurring transactions: what repeats, when it is next, and a form to add or change one. */
export function SchedulesSection({ budgetId, budgetName }: { budgetId: number; budgetName: string }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const schedules = useSchedules(profile.id, budgetId);
  const remove = useDeleteSchedule(profile.id, budgetId);
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);

  return (
    <section aria-labelledby="recurring-heading">
      <div className="heading-row">
        <h2 id="recurring-heading">Recurring</h2>
        {!editing && <button type="button" onClick={() => setEditing('new')}>New recurring transaction</button>}
      </div>
      {editing && (
        <ScheduleForm key={editing === 'new' ? 'new' : editing.id} budgetId={budgetId} schedule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
      {schedules.isPending ? (
        <Loading what="recurring transactions" />
      ) : schedules.error ? (
        <ErrorNote error={schedules.error} />
      ) : schedules.data.length === 0 ? (
        !editing && <Empty title="Nothing recurring yet"><p>Rent, subscriptions, pocket money: add them once and {budgetName} gets them on their day.</p></Empty>
      ) : (
        <ul className="cards">
          {schedules.data.map((s) => (
            <li key={s.id} className="card">
              <div className="heading-row">
                <h3>{s.note ?? 'Recurring transaction'}</h3>
                <strong>{formatApi(s.amount, money)}</strong>
              </div>
              <p className="hint">
                {describeSchedule(s)}, from {dateLabel(s.startDate)}{s.endDate ? ` to ${dateLabel(s.endDate)}` : ''}.{' '}
                {s.nextOccurrence ? <>Next on {dateLabel(s.nextOccurrence)}.</> : 'Ended.'}
              </p>
              <div className="actions">
                <button type="button" onClick={() => setEditing(s)} aria-label={`Edit ${s.note ?? 'recurring transaction'}`}>Edit</button>
                <ConfirmButton label="Delete" question={`Stop ${s.note ?? 'this recurring transaction'}? What it created stays.`} onConfirm={() => remove.mutate(s.id)} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={remove.error} />
    </section>
  );
}

function ScheduleForm({ budgetId, schedule, onDone }: { budgetId: number; schedule: Schedule | null; onDone: () => void }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const save = useSaveSchedule(profile.id, budgetId);
  const start = schedule?.startDate ?? today();
  const startDay = Number(start.slice(8, 10));
  const { draft, set, discard } = useDraft(`schedule.${profile.id}.${budgetId}.${schedule?.id ?? 'new'}`, {
    amount: schedule ? apiAmountToInput(schedule.amount, money.exponent) : '',
    note: schedule?.note ?? '',
    frequency: (schedule?.frequency ?? 'monthly') as string,
    interval: String(schedule?.interval ?? 1),
    weekday: (schedule?.weekday ?? WEEKDAYS[(new Date(`${start}T00:00:00Z`).getUTCDay() + 6) % 7]) as string,
    dayOfMonth: String(schedule?.dayOfMonth ?? startDay),
    month: String(schedule?.month ?? Number(start.slice(5, 7))),
    startDate: start,
    endDate: schedule?.endDate ?? '',
  });
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  // One key per form: a create retried after a lost answer is the same schedule, not a second one.
  const [key] = useState(() => crypto.randomUUID());
  const [version] = useState(schedule?.version);
  const close = () => { discard(); onDone(); };
  const frequency = draft.frequency as Frequency;

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(draft.amount, money.exponent);
    if (!parsed.ok) return setLocal({ amount: parsed.error });
    setLocal({});
    save.mutate({
      ...(schedule ? { id: schedule.id } : {}),
      key,
      body: {
        amount: toApiAmount(parsed.minor, money.exponent),
        note: draft.note || null,
        frequency,
        interval: Number(draft.interval),
        weekday: frequency === 'weekly' ? (draft.weekday as Weekday) : null,
        dayOfMonth: frequency === 'weekly' ? null : Number(draft.dayOfMonth),
        month: frequency === 'yearly' ? Number(draft.month) : null,
        startDate: draft.startDate,
        endDate: draft.endDate || null,
        ...(schedule ? { version } : {}),
      },
    }, { onSuccess: close });
  }

  const unit = { weekly: 'weeks', monthly: 'months', yearly: 'years' }[frequency];
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h3>{schedule ? `Edit ${schedule.note ?? 'recurring transaction'}` : 'New recurring transaction'}</h3>
      <div className="grid3">
        <MoneyInput label="Amount" name="amount" value={draft.amount} onChange={(value) => set('amount', value)} error={fieldError(save.error, 'amount', local)} />
        <Field label="Note" name="note" error={fieldError(save.error, 'note')}>
          {(props) => <input {...props} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
        </Field>
        <Field label="Repeats" name="frequency" error={fieldError(save.error, 'frequency')}>
          {(props) => (
            <select {...props} value={draft.frequency} onChange={(e) => set('frequency', e.target.value)}>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
              <option value="yearly">Yearly</option>
            </select>
          )}
        </Field>
        <Field label={`Every how many ${unit}`} name="interval" error={fieldError(save.error, 'interval')}>
          {(props) => <input {...props} type="number" min={1} max={52} inputMode="numeric" value={draft.interval} onChange={(e) => set('interval', e.target.value)} />}
        </Field>
        {frequency === 'weekly' ? (
          <Field label="On" name="weekday" error={fieldError(save.error, 'weekday')}>
            {(props) => (
              <select {...props} value={draft.weekday} onChange={(e) => set('weekday', e.target.value)}>
                {WEEKDAYS.map((d) => <option key={d} value={d}>{d.charAt(0).toUpperCase() + d.slice(1)}</option>)}
              </select>
            )}
          </Field>
        ) : (
          <>
            {frequency === 'yearly' && (
              <Field label="Month" name="month" error={fieldError(save.error, 'month')}>
                {(props) => (
                  <select {...props} value={draft.month} onChange={(e) => set('month', e.target.value)}>
                    {Array.from({ length: 12 }, (_, i) => <option key={i + 1} value={i + 1}>{monthName(i + 1)}</option>)}
                  </select>
                )}
              </Field>
            )}
            <Field label="Day of the month" name="dayOfMonth" error={fieldError(save.error, 'dayOfMonth')} hint="In a shorter month: its last day.">
              {(props) => (
                <select {...props} value={draft.dayOfMonth} onChange={(e) => set('dayOfMonth', e.target.value)}>
                  {Array.from({ length: 31 }, (_, i) => <option key={i + 1} value={i + 1}>{i + 1}</option>)}
                </select>
              )}
            </Field>
          </>
        )}
        <Field label="Starts" name="startDate" error={fieldError(save.error, 'startDate')} {...(schedule ? {} : { hint: 'Up to a year back: what fell due since is added at once.' })}>
          {(props) => <input {...props} type="date" value={draft.startDate} onChange={(e) => set('startDate', e.target.value)} />}
        </Field>
        <Field label="Ends (optional)" name="endDate" error={fieldError(save.error, 'endDate')}>
          {(props) => <input {...props} type="date" value={draft.endDate} onChange={(e) => set('endDate', e.target.value)} />}
        </Field>
      </div>
      {schedule && <p className="hint">Changes apply from tomorrow; transactions already created stay as they are.</p>}
      <ErrorNote error={save.error} shown={['amount', 'note', 'frequency', 'interval', 'weekday', 'month', 'dayOfMonth', 'startDate', 'endDate']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save recurring transaction</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}
