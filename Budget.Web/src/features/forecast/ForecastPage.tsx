import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, ErrorNote, Field, Loading, TableScroll } from '../../components/ui';
import { useWidth } from '../../components/useWidth';
import { api, unwrap, type Schemas } from '../../lib/api';
import { monthLabel } from '../../utils/dates';
import { formatApi, type MoneyFormat } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { useCurrentProfile } from '../profiles/currentProfile';

type Series = Schemas['ForecastSeries'];

export default function ForecastPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const [months, setMonths] = useState(6);
  const [which, setWhich] = useState('total');
  const forecast = useQuery({
    queryKey: ['profiles', profile.id, 'forecast', months],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/forecast', { params: { path: { profileId: profile.id }, query: { months: String(months) } } })),
  });

  if (forecast.isPending) return <Loading what="forecast" />;
  if (forecast.error) return <ErrorNote error={forecast.error} />;
  const f = forecast.data;
  const budget = f.budgets.find((b) => String(b.budgetId) === which);
  const series: Series = budget ?? f.total;
  const name = budget ? budget.name : 'All budgets';

  return (
    <section>
      <h1>Forecast</h1>
      <div className="filters">
        <Field label="Show" name="series">
          {(props) => (
            <select {...props} value={which} onChange={(e) => setWhich(e.target.value)}>
              <option value="total">All budgets</option>
              {f.budgets.map((b) => <option key={b.budgetId} value={b.budgetId}>{b.name}</option>)}
            </select>
          )}
        </Field>
        <Field label="Months ahead" name="months">
          {(props) => (
            <select {...props} value={months} onChange={(e) => setMonths(Number(e.target.value))}>
              {[3, 6, 12].map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          )}
        </Field>
      </div>
      {series.method === 'insufficientHistory' || series.points.length === 0 ? (
        <>
          <Empty title="Not enough history yet">
            <p>{f.message ?? `A forecast needs a few months of transactions; ${name.toLowerCase()} has ${series.historyMonths} so far. Keep adding transactions and it will appear here.`}</p>
          </Empty>
          {series.scheduled.some((m) => m.amount !== 0) && (
            <table className="table">
              <caption>Scheduled for {name}</caption>
              <thead><tr><th scope="col">Month</th><th scope="col" className="num">Scheduled</th></tr></thead>
              <tbody>
                {series.scheduled.map((m) => (
                  <tr key={m.month}><td>{monthLabel(m.month)}</td><td className="num">{formatApi(m.amount, money)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <>
          <p className="hint">
            Expected spending for {name.toLowerCase()} each month, with the range it should fall in 8 times out of 10
            (from {series.historyMonths} months of history). Scheduled is what recurring transactions will spend after
            today: known already, and part of what is expected.
          </p>
          <ForecastChart points={series.points} money={money} title={`${name} forecast`} />
          <TableScroll label={`Forecast for ${name}`}>
            <table className="table">
              <caption>Forecast for {name}</caption>
              <thead><tr><th scope="col">Month</th><th scope="col" className="num">Expected</th><th scope="col" className="num">80% range</th><th scope="col" className="num">Scheduled</th></tr></thead>
              <tbody>
                {series.points.map((p) => (
                  <tr key={p.month}>
                    <td>{monthLabel(p.month)}</td>
                    <td className="num">{formatApi(p.expected, money)}</td>
                    <td className="num">{formatApi(p.low, money)} – {formatApi(p.high, money)}</td>
                    <td className="num">{formatApi(series.scheduled.find((m) => m.month === p.month)?.amount ?? 0, money)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}

/**
 * Expected spending as a line inside its 80% band; the numbers are in the table below, so this is a picture only.
 * It is drawn at its real pixel width, so the axis text stays 12 px on a phone instead of shrinking with the picture.
 */
function ForecastChart({ points, money, title }: { points: Schemas['ForecastMonth'][]; money: MoneyFormat; title: string }) {
  const [ref, width] = useWidth<HTMLDivElement>(640);
  const height = width < 480 ? 200 : 260;
  const pad = { left: 64, right: 24, top: 12, bottom: 28 };
  // Positions only: drawing needs no exact money, and the axis labels go through formatApi.
  const max = Math.max(1, ...points.map((p) => p.high));
  const x = (i: number) => pad.left + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const band = [...points.map((p, i) => `${x(i)},${y(p.high)}`), ...points.map((p, i) => `${x(i)},${y(p.low)}`).reverse()].join(' ');
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(p.expected)}`).join(' ');
  // A month label needs about 36 px; on a narrow chart every second or third month is named.
  const labelEvery = Math.max(1, Math.ceil((36 * points.length) / (width - pad.left - pad.right)));
  return (
    <div ref={ref}>
      <svg className="chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(max * t)} y2={y(max * t)} className="gridline" />
            <text x={pad.left - 6} y={y(max * t)} dy="0.35em" textAnchor="end" className="axis">{formatApi(Math.round(max * t), money, true)}</text>
          </g>
        ))}
        <polygon points={band} className="band" />
        <path d={line} className="line" fill="none" />
        {points.map((p, i) => (
          <g key={p.month}>
            <circle cx={x(i)} cy={y(p.expected)} r={3.5} className="dot"><title>{`${monthLabel(p.month)}: ${formatApi(p.expected, money)}`}</title></circle>
            {i % labelEvery === 0 && <text x={x(i)} y={height - 8} textAnchor="middle" className="axis">{monthLabel(p.month).split(' ')[0]}</text>}
          </g>
        ))}
      </svg>
    </div>
  );
}
