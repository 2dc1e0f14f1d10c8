import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../../components/ui';
import { api, unwrap } from '../../lib/api';
import { formatApi } from '../../utils/money';
import { useMoney } from '../auth/auth';
import { SpentBar } from '../budgets/SpentBar';
import { GoalSummary } from '../goals/GoalsPage';
import { useCurrentProfile } from '../profiles/currentProfile';
import { UpcomingCard } from '../schedules/UpcomingCard';

const SankeyChart = lazy(() => import('../../components/sankey/SankeyChart'));

export default function DashboardPage() {
  const { profile } = useCurrentProfile();
  const money = useMoney();
  const dashboard = useQuery({
    queryKey: ['profiles', profile.id, 'dashboard'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/dashboard', { params: { path: { profileId: profile.id } } })),
  });

  if (dashboard.isPending) return <Loading what="dashboard" />;
  if (dashboard.error) return <ErrorNote error={dashboard.error} />;
  const d = dashboard.data;
  const attention = d.budgets.filter((b) => b.overBudget || b.percentUsed >= 80);
  const figures = [
    ['Income', formatApi(d.monthlyIncome, money), 'a month'],
    ['Expenses', formatApi(d.monthlyExpenses, money), 'a month'],
    ['Savings rate', d.savingsRate === null ? '—' : `${d.savingsRate}%`, d.savingsRate === null ? 'no income yet' : `${formatApi(d.monthlySavings, money)} a month`],
    ['Net worth', formatApi(d.netWorth, money), `${formatApi(d.assets, money)} assets, ${formatApi(d.debts, money)} debts`],
  ] as const;

  return (
    <section>
      <h1>{profile.name}'s money</h1>
      <dl className="figures">
        {figures.map(([label, value, note]) => (
          <div key={label} className="figure">
            <dt>{label}</dt>
            <dd><span className="figure-value" data-figure={label}>{value}</span><span className="hint">{note}</span></dd>
          </div>
        ))}
      </dl>

      <h2>Budgets needing attention</h2>
      {d.budgets.length === 0 ? (
        <Empty title="No budgets yet"><p><Link to="/budgets">Set a budget</Link> to see how spending is going.</p></Empty>
      ) : attention.length === 0 ? (
        <p className="ok">Every budget is under 80% used. Nice.</p>
      ) : (
        <ul className="cards">
          {attention.map((b) => (
            <li key={b.id} className="card">
              <h3><Link to={`/budgets/${b.id}`}>{b.name}</Link></h3>
              <SpentBar spent={b.spent} budgeted={b.budgeted} remaining={b.remaining} money={money} />
            </li>
          ))}
        </ul>
      )}

      <UpcomingCard />

      <h2>Goals</h2>
      {d.goals.length === 0 ? (
        <Empty title="No goals yet"><p><Link to="/goals">Set a goal</Link> to save towards something.</p></Empty>
      ) : (
        <ul className="cards">
          {d.goals.slice(0, 3).map((g) => <li key={g.id} className="card"><GoalSummary goal={g} money={money} /></li>)}
        </ul>
      )}

      <h2>Where the money goes</h2>
      {d.sankey.links.length === 0 ? (
        <Empty title="The money map is empty"><p><Link to="/map">Draw your money map</Link>: income, accounts and where it all goes.</p></Empty>
      ) : (
        <Suspense fallback={<Loading what="money map" />}>
          <SankeyChart graph={d.sankey} money={money} compact title="Money map" />
          <p><Link to="/map">Open the money map</Link></p>
        </Suspense>
      )}
    </section>
  );
}
