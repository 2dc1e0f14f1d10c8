import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SankeyGraph } from '../../components/sankey/sankeyInput';
import { Empty, ErrorNote, Field, fieldError, Loading, TableScroll } from '../../components/ui';
import { dateLabel, today } from '../../utils/dates';
import { formatApi, type MoneyFormat } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useCurrentProfile } from '../profiles/currentProfile';
import { useActualSankey, type ActualSankey } from './actual';
import { periodContaining, periodFromSearch, periodLabel, shiftPeriod, type Period, type PeriodKind } from './period';

const SankeyChart = lazy(() => import('../../components/sankey/SankeyChart'));

const KINDS: { kind: PeriodKind; label: string }[] = [
  { kind: 'month', label: 'Month' },
  { kind: 'quarter', label: 'Quarter' },
  { kind: 'year', label: 'Year' },
  { kind: 'custom', label: 'Custom dates' },
];

/** The Sankey of what really happened in a period, with the plan beside each flow. */
export default function ActualPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  // The period lives in the address, so a reload or a shared link shows the same one.
  const [search, setSearch] = useSearchParams();
  const period = periodFromSearch(search, today());
  const show = (next: Period) => setSearch({ period: next.kind, from: next.from, ...(next.kind === 'custom' ? { to: next.to } : {}) }, { replace: true });
  const sankey = useActualSankey(profile.id, period.from, period.to);
  const label = periodLabel(period, dateLabel);

  return (
    <section>
      <div className="heading-row">
        <h1>What happened</h1>
        <Link to="/map">Planned money map</Link>
      </div>
      <p className="hint">Where the money of a period really went: income through each budget to what was left for savings, with what was planned beside it.</p>

      <div className="filters">
        <Field label="Period" name="period">
          {(props) => (
            <select {...props} value={period.kind} onChange={(e) => {
              const kind = e.target.value as PeriodKind;
              show(kind === 'custom' ? { kind, from: period.from, to: period.to } : periodContaining(kind, period.from));
            }}>
              {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          )}
        </Field>
        {period.kind === 'custom' ? (
          <>
            <Field label="From" name="from" error={fieldError(sankey.error, 'from')}>
              {(props) => <input {...props} type="date" value={period.from} onChange={(e) => e.target.value && show({ ...period, from: e.target.value })} />}
            </Field>
            <Field label="To" name="to" error={fieldError(sankey.error, 'to')}>
              {(props) => <input {...props} type="date" value={period.to} onChange={(e) => e.target.value && show({ ...period, to: e.target.value })} />}
            </Field>
          </>
        ) : (
          <div className="period-step" role="group" aria-label="Change period">
            <button type="button" onClick={() => show(shiftPeriod(period, -1))} aria-label={`Previous ${period.kind}`}>‹</button>
            <span className="period-name" aria-live="polite">{label}</span>
            <button type="button" onClick={() => show(shiftPeriod(period, 1))} aria-label={`Next ${period.kind}`}>›</button>
          </div>
        )}
      </div>

      {sankey.isPending ? <Loading what="what happened" /> : sankey.error ? <ErrorNote error={sankey.error} shown={['from', 'to']} /> : (
        <Happened data={sankey.data} money={money} label={label} />
      )}
    </section>
  );
}

function Happened({ data, money, label }: { data: ActualSankey; money: MoneyFormat; label: string }) {
  const name = (id: number) => data.nodes.find((n) => n.id === id)?.label ?? '?';
  const graph: SankeyGraph = useMemo(() => ({
    nodes: data.nodes.map((n) => ({ id: n.id, label: n.label, type: n.type, value: n.actual })),
    links: data.links.map((l) => ({ id: l.id, source: l.source, target: l.target, value: l.actual, label: null })),
  }), [data]);
  const planned = (id: number) => {
    const link = data.links.find((l) => l.id === id);
    return link ? `planned ${formatApi(link.planned, money)}` : '';
  };
  const anythingActual = data.links.some((l) => l.actual > 0);
  const figures: [string, number, number][] = [
    ['Income', data.income, data.plannedIncome],
    ['Spent', data.spent, data.plannedSpending],
    data.deficit > 0 ? ['Overspent', data.deficit, data.plannedDeficit] : ['Left for savings', data.leftOver, data.plannedLeftOver],
  ];

  return (
    <>
      <dl className="figures">
        {figures.map(([title, actual, plan]) => (
          <div key={title} className="figure">
            <dt>{title}</dt>
            <dd>
              <span className={`figure-value${title === 'Overspent' ? ' over-text' : ''}`} data-figure={title}>{formatApi(actual, money)}</span>
              <span className="hint">planned {formatApi(plan, money)}</span>
            </dd>
          </div>
        ))}
      </dl>
      {data.refunds > 0 && <p className="hint">Includes {formatApi(data.refunds, money)} of refunds beyond what some budgets spent.</p>}

      {anythingActual ? (
        <Suspense fallback={<Loading what="diagram" />}>
          <SankeyChart graph={graph} money={money} title={`What happened, ${label}`} describeLink={planned} />
        </Suspense>
      ) : (
        <Empty title="Nothing to draw for this period">
          <p>Add income to the <Link to="/map">money map</Link> and budgets with transactions, and the period's flows appear here.</p>
        </Empty>
      )}

      {data.links.length > 0 && (
        <TableScroll label="Flows, actual and planned">
          <table className="table">
            <caption>Flows in {label}, actual and planned</caption>
            <thead>
              <tr><th scope="col">Flow</th><th scope="col" className="num">Actual</th><th scope="col" className="num">Planned</th><th scope="col" className="num wide-only">Difference</th></tr>
            </thead>
            <tbody>
              {data.links.map((l) => {
                const over = l.budgetId !== null && l.actual > l.planned;
                return (
                  <tr key={l.id}>
                    <th scope="row">{name(l.source)} → {name(l.target)}</th>
                    <td className={`num${over ? ' over-text' : ''}`}>{formatApi(l.actual, money)}</td>
                    <td className="num">{formatApi(l.planned, money)}</td>
                    <td className="num wide-only">{difference(l.actual - l.planned, money)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="hint">
        Income is the money map's planned income for the period: Budget records spending, not pay. Plans per week, month or
        year count the share of the period they cover.
      </p>
    </>
  );
}

function difference(delta: number, money: MoneyFormat): string {
  // API amounts are exact decimals; a rounding crumb of floating point must not show as "−0.00".
  const rounded = Number(delta.toFixed(money.exponent));
  if (rounded === 0) return '—';
  return rounded > 0 ? `+${formatApi(rounded, money)}` : `−${formatApi(-rounded, money)}`;
}
