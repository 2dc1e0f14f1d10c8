import { useState, type FormEvent } from 'react';
import { MoneyInput } from '../../components/MoneyInput';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading } from '../../components/ui';
import { dateLabel } from '../../utils/dates';
import { apiAmountToInput, formatApi, parseAmount, toApiAmount, type MoneyFormat } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useDraft, useEditParam } from '../auth/useDraft';
import { ReadOnlyNote, useCanEdit, useCurrentProfile } from '../profiles/currentProfile';
import { useDeleteGoal, useGoals, useLinkableNodes, useSaveGoal, type Goal } from './goals';

export default function GoalsPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const goals = useGoals(profile.id);
  const remove = useDeleteGoal(profile.id);
  const nodes = useLinkableNodes(profile.id);
  const [edit, setEdit] = useEditParam();
  const canEdit = useCanEdit();
  const editing: Goal | 'new' | null = !canEdit ? null : edit === 'new' ? 'new' : goals.data?.find((g) => String(g.id) === edit) ?? null;

  return (
    <section>
      <div className="heading-row">
        <h1>Goals</h1>
        {!editing && canEdit && <button type="button" className="primary" onClick={() => setEdit('new')}>New goal</button>}
      </div>
      {!canEdit && <ReadOnlyNote />}
      {editing && <GoalForm key={editing === 'new' ? 'new' : editing.id} goal={editing === 'new' ? null : editing} onDone={() => setEdit(null)} />}
      {goals.isPending ? (
        <Loading what="goals" />
      ) : goals.error ? (
        <ErrorNote error={goals.error} />
      ) : goals.data.length === 0 ? (
        <Empty title="No goals yet"><p>A goal is something to save towards: a holiday, a rainy-day fund, a new bike.</p></Empty>
      ) : (
        <ul className="cards">
          {goals.data.map((g) => (
            <li key={g.id} className="card">
              <GoalSummary goal={g} money={money} nodeLabel={nodes.data?.find((n) => n.id === g.nodeId)?.label} />
              {canEdit && (
                <div className="actions">
                  <button type="button" onClick={() => setEdit(String(g.id))}>Edit</button>
                  <ConfirmButton label="Delete" question={`Delete the goal ${g.name}?`} onConfirm={() => remove.mutate(g.id)} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={remove.error} />
    </section>
  );
}

export function GoalSummary({ goal, money, nodeLabel }: { goal: Goal | (Pick<Goal, 'name' | 'target' | 'current' | 'progress'> & Partial<Goal>); money: MoneyFormat; nodeLabel?: string }) {
  const percent = goal.progress; // the API's percent, to one decimal; may pass 100
  const linked = goal.nodeId !== null && goal.nodeId !== undefined;
  return (
    <div>
      <div className="heading-row">
        <h2>{goal.name}</h2>
        {goal.priority !== undefined && <span className="badge">priority {goal.priority}</span>}
      </div>
      <div className="bar goal" role="progressbar" aria-label={`${goal.name} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, percent)}>
        <span style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <p className="spent-text">{formatApi(goal.current, money)} of {formatApi(goal.target, money)} · {Math.min(100, percent)}%</p>
      <p className="hint">
        {goal.deadline ? <>Deadline {dateLabel(goal.deadline)}. </> : null}
        {linked ? (
          goal.projectedCompletion
            ? <>Saving {formatApi(goal.monthlySaving ?? 0, money)} a month{nodeLabel ? ` into ${nodeLabel}` : ''}, reached around {dateLabel(goal.projectedCompletion)}. </>
            : goal.progress >= 100 ? 'Reached. ' : <>Saving {formatApi(goal.monthlySaving ?? 0, money)} a month{nodeLabel ? ` into ${nodeLabel}` : ''} does not reach it. </>
        ) : goal.projectedCompletion ? <>At this pace, reached around {dateLabel(goal.projectedCompletion)}. </> : goal.progress >= 100 ? 'Reached. ' : 'No projection yet. '}
        {goal.onTrack === true && <span className="ok">On track.</span>}
        {goal.onTrack === false && <strong className="over-text">Behind the deadline.</strong>}
      </p>
      {typeof goal.extraMonthlyNeeded === 'number' && goal.extraMonthlyNeeded > 0 && (
        <p className="extra-needed">Save {formatApi(goal.extraMonthlyNeeded, money)} more a month to make it.</p>
      )}
    </div>
  );
}

function GoalForm({ goal, onDone }: { goal: Goal | null; onDone: () => void }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const save = useSaveGoal(profile.id);
  const { draft, set, discard } = useDraft(`goal.${profile.id}.${goal?.id ?? 'new'}`, {
    name: goal?.name ?? '',
    target: goal ? apiAmountToInput(goal.target, money.exponent) : '',
    current: goal ? apiAmountToInput(goal.current, money.exponent) : '0',
    deadline: goal?.deadline ?? '',
    priority: String(goal?.priority ?? 3),
    nodeId: goal?.nodeId ? String(goal.nodeId) : '',
  });
  const nodes = useLinkableNodes(profile.id);
  const linked = draft.nodeId !== '';
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const close = () => { discard(); onDone(); };

  // The version this form was opened on: saving over someone else's later change is a 409, not a silent overwrite.
  const [version] = useState(goal?.version);

  function submit(event: FormEvent) {
    event.preventDefault();
    const t = parseAmount(draft.target, money.exponent);
    const c = parseAmount(draft.current || '0', money.exponent);
    if (!t.ok || !c.ok) return setLocal({ target: t.ok ? undefined : t.error, current: c.ok ? undefined : c.error });
    setLocal({});
    save.mutate({
      ...(goal ? { id: goal.id } : {}),
      body: { name: draft.name, target: toApiAmount(t.minor, money.exponent), current: linked ? 0 : toApiAmount(c.minor, money.exponent), deadline: draft.deadline || null, priority: Number(draft.priority), nodeId: linked ? Number(draft.nodeId) : null, ...(goal ? { version } : {}) },
    }, { onSuccess: close });
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{goal ? `Edit ${goal.name}` : 'New goal'}</h2>
      <Field label="Name" name="name" error={fieldError(save.error, 'name', local)}>
        {(props) => <input {...props} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <div className="grid3">
        <MoneyInput label="Target" name="target" value={draft.target} onChange={(value) => set('target', value)} error={fieldError(save.error, 'target', local)} />
        {!linked && <MoneyInput label="Saved so far" name="current" value={draft.current} onChange={(value) => set('current', value)} error={fieldError(save.error, 'current', local)} />}
        <Field label="Deadline" name="deadline" error={fieldError(save.error, 'deadline')}>
          {(props) => <input {...props} type="date" value={draft.deadline} onChange={(e) => set('deadline', e.target.value)} />}
        </Field>
      </div>
      <Field label="Saves into" name="nodeId" error={fieldError(save.error, 'nodeId')}
        hint={linked ? 'The box\'s balance is what is saved; its planned flows and yield project the date.' : 'Link a savings or investment box of the money map to plan from it.'}>
        {(props) => (
          <select {...props} value={draft.nodeId} onChange={(e) => set('nodeId', e.target.value)}>
            <option value="">Not linked: I enter what is saved</option>
            {(nodes.data ?? []).map((n) => <option key={n.id} value={n.id}>{n.label} ({n.type})</option>)}
          </select>
        )}
      </Field>
      <Field label="Priority" name="priority" error={fieldError(save.error, 'priority')} hint="1 is the most important.">
        {(props) => (
          <select {...props} value={draft.priority} onChange={(e) => set('priority', e.target.value)}>
            {[1, 2, 3, 4, 5].map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        )}
      </Field>
      <ErrorNote error={save.error} shown={['name', 'target', 'current', 'deadline', 'priority', 'nodeId']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save goal</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}
