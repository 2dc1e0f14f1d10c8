import { lazy, Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MoneyInput } from '../../components/MoneyInput';
import { graphFromMap } from '../../components/sankey/sankeyInput';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading, TableScroll } from '../../components/ui';
import { apiAmountToInput, formatApi, parseAmount, toApiAmount } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useDraft, useEditParam } from '../auth/useDraft';
import { ReadOnlyNote, useCanEdit, useCurrentProfile } from '../profiles/currentProfile';
import { NODE_TYPES, useDeleteFlow, useDeleteNode, useFlows, useNodes, useSaveFlow, useSaveNode, type MapFlow, type MapNode, type NodeType } from './moneyMap';

const SankeyChart = lazy(() => import('../../components/sankey/SankeyChart'));


export default function MoneyMapPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const nodes = useNodes(profile.id);
  const flows = useFlows(profile.id);
  const deleteNode = useDeleteNode(profile.id);
  const deleteFlow = useDeleteFlow(profile.id);
  // Which form is open lives in the address (?edit=node-12, ?edit=flow-new) so it reopens after signing in again.
  const [editParam, setEdit] = useEditParam();
  const canEdit = useCanEdit();
  const edit = canEdit ? editParam : null;
  const graph = useMemo(() => graphFromMap(nodes.data ?? [], flows.data ?? []), [nodes.data, flows.data]);

  if (nodes.isPending || flows.isPending) return <Loading what="money map" />;
  const nodeList = nodes.data ?? [];
  const flowList = flows.data ?? [];
  const label = (id: number) => nodeList.find((n) => n.id === id)?.label ?? '?';
  const [editKind, editId] = edit?.split('-') ?? [];
  const editedNode = editKind === 'node' ? nodeList.find((n) => String(n.id) === editId) ?? null : null;
  const editedFlow = editKind === 'flow' ? flowList.find((f) => String(f.id) === editId) ?? null : null;

  return (
    <section>
      <div className="heading-row">
        <h1>Money map</h1>
        <Link to="/map/actual">What happened</Link>
      </div>
      <p className="hint">Where money comes from and where it goes each month. Tap a box or a band to edit it.</p>
      <ErrorNote error={nodes.error ?? flows.error} />
      {flowList.length > 0 ? (
        <Suspense fallback={<Loading what="diagram" />}>
          <SankeyChart
            graph={graph}
            money={money}
            title="Money map diagram"
            onNode={canEdit ? (id) => setEdit(`node-${id}`) : undefined}
            onLink={canEdit ? (id) => setEdit(`flow-${id}`) : undefined}
          />
        </Suspense>
      ) : (
        <Empty title="Nothing flows yet">
          <p>Add where money comes from (income), where it lands (accounts) and where it goes (expenses, savings, debts), then connect them with flows.</p>
        </Empty>
      )}

      {canEdit ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setEdit('node-new')}>Add a box</button>
          <button type="button" className="primary" onClick={() => setEdit('flow-new')} disabled={nodeList.length < 2}>Add a flow</button>
        </div>
      ) : <ReadOnlyNote />}
      {(editedNode || edit === 'node-new') && <NodeForm key={edit} node={editedNode} onDone={() => setEdit(null)} />}
      {(editedFlow || (edit === 'flow-new' && nodeList.length >= 2)) && <FlowForm key={edit} flow={editedFlow} nodes={nodeList} onDone={() => setEdit(null)} />}

      <h2>Boxes</h2>
      {nodeList.length === 0 ? <p className="hint">No boxes yet.</p> : (
        <TableScroll label="Boxes">
          <table className="table">
            <caption className="visually-hidden">Boxes in the money map</caption>
            <thead><tr><th scope="col">Name</th><th scope="col" className="wide-only">Kind</th><th scope="col" className="num">Monthly</th><th scope="col" className="num">Balance</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {nodeList.map((n) => (
                <tr key={n.id}>
                  <td>{n.label}<span className="hint narrow-only">{n.type}</span></td>
                  <td className="wide-only">{n.type}</td>
                  <td className="num">{formatApi(n.amount, money)}</td>
                  <td className="num">{formatApi(n.balance, money)}</td>
                  <td>{canEdit && <div className="row-actions">
                    <button type="button" onClick={() => setEdit(`node-${n.id}`)} aria-label={`Edit ${n.label}`}>Edit</button>
                    <ConfirmButton label="Delete" question={`Delete ${n.label} and its flows?`} onConfirm={() => deleteNode.mutate(n.id)} />
                  </div>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ErrorNote error={deleteNode.error} />

      <h2>Flows</h2>
      {flowList.length === 0 ? <p className="hint">No flows yet.</p> : (
        <TableScroll label="Flows">
          <table className="table">
            <caption className="visually-hidden">Flows in the money map</caption>
            <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" className="num">Monthly</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {flowList.map((f) => (
                <tr key={f.id}>
                  <td>{label(f.fromNodeId)}</td>
                  <td>{label(f.toNodeId)}{f.label ? ` (${f.label})` : ''}</td>
                  <td className="num">{formatApi(f.amount, money)}</td>
                  <td>{canEdit && <div className="row-actions">
                    <button type="button" onClick={() => setEdit(`flow-${f.id}`)} aria-label={`Edit flow ${label(f.fromNodeId)} to ${label(f.toNodeId)}`}>Edit</button>
                    <ConfirmButton label="Delete" question={`Delete the flow ${label(f.fromNodeId)} → ${label(f.toNodeId)}?`} onConfirm={() => deleteFlow.mutate(f.id)} />
                  </div>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ErrorNote error={deleteFlow.error} />
    </section>
  );
}

function useScrollIntoView() {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
    ref.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);
  return ref;
}

function NodeForm({ node, onDone }: { node: MapNode | null; onDone: () => void }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const save = useSaveNode(profile.id);
  // The version this form was opened on: saving over someone else's later change is a 409, not a silent overwrite.
  const [version] = useState(node?.version);
  const ref = useScrollIntoView();
  const { draft, set, discard } = useDraft(`node.${profile.id}.${node?.id ?? 'new'}`, {
    type: node?.type ?? 'income',
    label: node?.label ?? '',
    amount: node ? apiAmountToInput(node.amount, money.exponent) : '0',
    balance: node ? apiAmountToInput(node.balance, money.exponent) : '0',
    institution: node?.institution ?? '',
  });
  const { type, label, amount, balance, institution } = draft;
  const close = () => { discard(); onDone(); };
  const [local, setLocal] = useState<Record<string, string | undefined>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const a = parseAmount(amount || '0', money.exponent);
    const b = parseAmount(balance || '0', money.exponent);
    if (!a.ok || !b.ok) return setLocal({ amount: a.ok ? undefined : a.error, balance: b.ok ? undefined : b.error });
    setLocal({});
    save.mutate({
      ...(node ? { id: node.id } : {}),
      body: { type, label, amount: toApiAmount(a.minor, money.exponent), balance: toApiAmount(b.minor, money.exponent), institution: institution || null, apy: node?.apy ?? null, ...(node ? { version } : {}) },
    }, { onSuccess: close });
  }

  return (
    <form ref={ref} className="card" onSubmit={submit} noValidate>
      <h2>{node ? `Edit ${node.label}` : 'New box'}</h2>
      <div className="grid3">
        <Field label="Kind" name="type" error={fieldError(save.error, 'type')}>
          {(props) => (
            <select {...props} value={type} onChange={(e) => set('type', e.target.value as NodeType)}>
              {NODE_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
            </select>
          )}
        </Field>
        <Field label="Name" name="label" error={fieldError(save.error, 'label', local)}>
          {(props) => <input {...props} value={label} onChange={(e) => set('label', e.target.value)} />}
        </Field>
        <Field label="Institution" name="institution" error={fieldError(save.error, 'institution')}>
          {(props) => <input {...props} value={institution} onChange={(e) => set('institution', e.target.value)} />}
        </Field>
        <MoneyInput label="Monthly amount" name="amount" value={amount} onChange={(value) => set('amount', value)} error={fieldError(save.error, 'amount', local)} />
        <MoneyInput label="Balance" name="balance" value={balance} onChange={(value) => set('balance', value)} error={fieldError(save.error, 'balance', local)} />
      </div>
      <ErrorNote error={save.error} shown={['type', 'label', 'institution', 'amount', 'balance']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save box</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}

function FlowForm({ flow, nodes, onDone }: { flow: MapFlow | null; nodes: MapNode[]; onDone: () => void }) {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const save = useSaveFlow(profile.id);
  // The version this form was opened on: saving over someone else's later change is a 409, not a silent overwrite.
  const [version] = useState(flow?.version);
  const ref = useScrollIntoView();
  const { draft, set, discard } = useDraft(`flow.${profile.id}.${flow?.id ?? 'new'}`, {
    from: String(flow?.fromNodeId ?? nodes[0]?.id ?? 0),
    to: String(flow?.toNodeId ?? nodes[1]?.id ?? 0),
    amount: flow ? apiAmountToInput(flow.amount, money.exponent) : '',
    label: flow?.label ?? '',
  });
  const { amount, label } = draft;
  const from = Number(draft.from);
  const to = Number(draft.to);
  const close = () => { discard(); onDone(); };
  const [local, setLocal] = useState<Record<string, string | undefined>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const a = parseAmount(amount, money.exponent);
    if (!a.ok) return setLocal({ amount: a.error });
    setLocal({});
    save.mutate({
      ...(flow ? { id: flow.id } : {}),
      body: { fromNodeId: from, toNodeId: to, amount: toApiAmount(a.minor, money.exponent), label: label || null, ...(flow ? { version } : {}) },
    }, { onSuccess: close });
  }

  const options = nodes.map((n) => <option key={n.id} value={n.id}>{n.label} ({n.type})</option>);
  return (
    <form ref={ref} className="card" onSubmit={submit} noValidate>
      <h2>{flow ? 'Edit flow' : 'New flow'}</h2>
      <div className="grid3">
        <Field label="From" name="fromNodeId" error={fieldError(save.error, 'fromNodeId')}>
          {(props) => <select {...props} value={from} onChange={(e) => set('from', e.target.value)}>{options}</select>}
        </Field>
        <Field label="To" name="toNodeId" error={fieldError(save.error, 'toNodeId')}>
          {(props) => <select {...props} value={to} onChange={(e) => set('to', e.target.value)}>{options}</select>}
        </Field>
        <MoneyInput label="Monthly amount" name="amount" value={amount} onChange={(value) => set('amount', value)} error={fieldError(save.error, 'amount', local)} />
        <Field label="Note" name="label" error={fieldError(save.error, 'label')}>
          {(props) => <input {...props} value={label} onChange={(e) => set('label', e.target.value)} />}
        </Field>
      </div>
      <ErrorNote error={save.error} shown={['fromNodeId', 'toNodeId', 'amount', 'label']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save flow</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}
