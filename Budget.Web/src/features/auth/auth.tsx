import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionEnded, session, unwrap, type Schemas } from '../../lib/api';
import { clearAllDrafts } from '../../lib/drafts';
import type { MoneyFormat } from '../../utils/money';

type Me = Schemas['MeResponse'];
/** Why nobody is signed in: no session at start, a session that ended underneath the user, or a deliberate sign-out. */
export type SignedOutReason = 'noSession' | 'ended' | 'signedOut';
type AuthState = { status: 'loading' } | { status: 'signedOut'; why: SignedOutReason } | { status: 'signedIn'; me: Me };

interface Auth {
  state: AuthState;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, name: string, currency: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const loadMe = useCallback(async (token: string | null) => {
    if (token) session.setAccessToken(token);
    const me = await unwrap(api.GET('/api/auth/me'));
    // The sign-in form offers this email again if the session ends (this tab only).
    sessionStorage.setItem('budget.email', me.email);
    setState({ status: 'signedIn', me });
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      queryClient.clear();
      setState({ status: 'signedOut', why: 'ended' });
    });
    // A reload keeps no token in memory: the refresh cookie, if any, brings the session back.
    void session.refresh().then((ok) => (ok ? loadMe(null) : setState({ status: 'signedOut', why: 'noSession' })))
      .catch(() => setState({ status: 'signedOut', why: 'noSession' }));
  }, [loadMe, queryClient]);

  const auth = useMemo<Auth>(() => ({
    state,
    async signIn(email, password) {
      const tokens = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
      await loadMe(tokens.accessToken);
    },
    async signUp(email, password, name, currency) {
      const tokens = await unwrap(api.POST('/api/auth/register', {
        body: { email, password, name: name || null, currency: currency || null },
      }));
      await loadMe(tokens.accessToken);
    },
    async signOut() {
      try {
        await api.DELETE('/api/auth/logout');
      } finally {
        session.setAccessToken(null);
        queryClient.clear();
        clearAllDrafts(); // a deliberate sign-out leaves nothing typed behind on a shared device
        setState({ status: 'signedOut', why: 'signedOut' });
      }
    },
  }), [state, loadMe, queryClient]);

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe while signed out');
  return state.me;
}

/**
 * The currency of the profile on screen, set by the profile provider: a shared profile keeps its owner's currency,
 * whatever the signed-in user's is.
 */
export const ProfileMoneyContext = createContext<MoneyFormat | null>(null);

/** How amounts on screen are read and written: in the current profile's currency, else the account's. */
export function useMoney(): MoneyFormat {
  const me = useMe();
  const profileMoney = useContext(ProfileMoneyContext);
  const accountMoney = useMemo(() => ({ currency: me.currency, exponent: me.currencyExponent }), [me.currency, me.currencyExponent]);
  return profileMoney ?? accountMoney;
}
