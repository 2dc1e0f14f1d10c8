import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { Loading } from '../components/ui';
import { ApiError } from '../lib/api';
import { nextPath, signInPath } from '../lib/returnTo';
import { AuthProvider, useAuth, type SignedOutReason } from '../features/auth/auth';
import { SignInPage } from '../features/auth/SignInPage';
import { CurrentProfileProvider, LostAccessNotice } from '../features/profiles/currentProfile';
import { ProfileSwitcher } from '../features/profiles/ProfileSwitcher';
import { AlertsBell } from '../features/alerts/AlertsBell';

// Every screen but sign-in loads on demand, so a phone downloads only the shell first.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const BudgetsPage = lazy(() => import('../features/budgets/BudgetsPage'));
const BudgetPage = lazy(() => import('../features/budgets/BudgetPage'));
const GoalsPage = lazy(() => import('../features/goals/GoalsPage'));
const MoneyMapPage = lazy(() => import('../features/moneymap/MoneyMapPage'));
const ActualPage = lazy(() => import('../features/actual/ActualPage'));
const ForecastPage = lazy(() => import('../features/forecast/ForecastPage'));
const ProfilesPage = lazy(() => import('../features/profiles/ProfilesPage'));
const AccountPage = lazy(() => import('../features/account/AccountPage'));
const ImportPage = lazy(() => import('../features/imports/ImportPage'));
const AlertsPage = lazy(() => import('../features/alerts/AlertsPage'));

const queryClient: QueryClient = new QueryClient({
  // A 409 means someone else changed the row since this screen read it: refetch, so reopening it shows their change.
  mutationCache: new MutationCache({
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries();
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BrowserRouter>
          <Screens />
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  );
}

function Screens() {
  const { state } = useAuth();
  if (state.status === 'loading') return <Loading what="Budget" />;
  if (state.status === 'signedOut') {
    return (
      <Routes>
        <Route path="/signin" element={<SignInPage mode="signIn" />} />
        <Route path="/signup" element={<SignInPage mode="signUp" />} />
        <Route path="*" element={<ToSignIn why={state.why} />} />
      </Routes>
    );
  }
  return (
    <CurrentProfileProvider>
      <Shell />
    </CurrentProfileProvider>
  );
}

/**
 * Any screen while signed out: sign in first, then come back here (the session may have ended mid-task, or the
 * refresh cookie be gone on a reload). A deliberate sign-out starts the next sign-in on the dashboard instead.
 */
function ToSignIn({ why }: { why: SignedOutReason }) {
  const { pathname, search } = useLocation();
  return <Navigate to={why === 'signedOut' ? '/signin' : signInPath(pathname + search)} replace />;
}

/** Signed in on the sign-in address: go where `next` says, or to the dashboard. */
function FromSignIn() {
  return <Navigate to={nextPath(useLocation().search)} replace />;
}

const NAV = [
  ['/', 'Dashboard'],
  ['/budgets', 'Budgets'],
  ['/goals', 'Goals'],
  ['/map', 'Money map'],
  ['/forecast', 'Forecast'],
] as const;

function Shell() {
  const { signOut } = useAuth();
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand"><span className="logo" aria-hidden="true">◔</span> <span className="brand-name">Budget</span></span>
        <ProfileSwitcher />
        <AlertsBell />
        <NavLink to="/account" className="small">Account</NavLink>
        {/* On a phone the bar keeps one row: sign-out moves to the Account screen, which has it too. */}
        <button type="button" className="link small wide-only" onClick={() => void signOut()}>Sign out</button>
      </header>
      <nav className="tabs" aria-label="Main">
        {NAV.map(([to, label]) => (
          <NavLink key={to} to={to} end={to === '/'}>{label}</NavLink>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <LostAccessNotice />
        <Suspense fallback={<Loading what="screen" />}>
          <Routes>
            <Route path="/" element={<DashboardPage />} />
            <Route path="/budgets" element={<BudgetsPage />} />
            <Route path="/budgets/:budgetId" element={<BudgetPage />} />
            <Route path="/goals" element={<GoalsPage />} />
            <Route path="/map" element={<MoneyMapPage />} />
            <Route path="/map/actual" element={<ActualPage />} />
            <Route path="/forecast" element={<ForecastPage />} />
            <Route path="/profiles" element={<ProfilesPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/signin" element={<FromSignIn />} />
            <Route path="/signup" element={<FromSignIn />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
