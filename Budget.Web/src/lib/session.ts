// The access token lives only in this module's memory: no script can read it from storage, and it dies with the
// tab. The refresh token is an httpOnly, SameSite=Strict cookie scoped to /api/auth (the API's cookie mode, asked
// for with X-Refresh-Cookie), so page scripts never see it either. A reload renews the access token from it.

export const REFRESH_COOKIE_HEADER = { 'X-Refresh-Cookie': '1' } as const;

export interface TokenResponse {
  accessToken: string;
}

export interface SessionOptions {
  fetch: (request: Request) => Promise<Response>;
  /** Called once when the session cannot be renewed: the app goes back to sign-in. */
  onEnded: () => void;
  /** Serializes refreshes across tabs; a rotated refresh token presented twice ends the session. */
  lock?: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

export function browserLock<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(name, run) as Promise<T>;
  }
  return run();
}

export function createSession(options: SessionOptions) {
  let accessToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  const lock = options.lock ?? browserLock;

  async function renew(): Promise<boolean> {
    const staleToken = accessToken;
    return lock('budget-refresh', async () => {
      // Another tab may have renewed while this one waited; the cookie it left is the current one.
      if (accessToken !== staleToken && accessToken !== null) return true;
      const response = await options.fetch(
        new Request(new URL('/api/auth/refresh', baseUrl()), {
          method: 'POST',
          // The endpoint takes an optional JSON body; without this type the route does not match at all.
          headers: { ...REFRESH_COOKIE_HEADER, 'Content-Type': 'application/json' },
          credentials: 'same-origin',
        }),
      );
      if (!response.ok) {
        accessToken = null;
        return false;
      }
      accessToken = ((await response.json()) as TokenResponse).accessToken;
      return true;
    });
  }

  /** One refresh in flight at a time; everyone waiting shares its outcome. */
  function refresh(): Promise<boolean> {
    refreshing ??= renew().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function withToken(request: Request): Request {
    const copy = new Request(request);
    if (accessToken) copy.headers.set('Authorization', `Bearer ${accessToken}`);
    return copy;
  }

  /** fetch for the API client: adds the bearer token, renews once on 401, ends the session when renewal fails. */
  async function authorizedFetch(request: Request): Promise<Response> {
    const isAuthRoute = new URL(request.url).pathname.startsWith('/api/auth/') &&
      !new URL(request.url).pathname.startsWith('/api/auth/me') &&
      !new URL(request.url).pathname.startsWith('/api/auth/password');
    if (isAuthRoute) {
      const copy = new Request(request);
      for (const [name, value] of Object.entries(REFRESH_COOKIE_HEADER)) copy.headers.set(name, value);
      return options.fetch(copy);
    }
    const retry = request.clone();
    if (!accessToken) await refresh();
    const response = await options.fetch(withToken(request));
    if (response.status !== 401) return response;
    if (await refresh()) return options.fetch(withToken(retry));
    options.onEnded();
    return response;
  }

  return {
    authorizedFetch,
    refresh,
    setAccessToken(token: string | null) {
      accessToken = token;
    },
    get signedIn() {
      return accessToken !== null;
    },
  };
}

function baseUrl(): string {
  return typeof window !== 'undefined' && window.location.origin !== 'null' ? window.location.origin : 'http://localhost';
}
