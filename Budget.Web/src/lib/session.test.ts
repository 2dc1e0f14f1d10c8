import { describe, expect, it, vi } from 'vitest';
import { createSession } from './session';

function json(status: number, body: unknown = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const noLock = <T,>(_: string, run: () => Promise<T>) => run();

describe('the session', () => {
  it('adds the bearer token to API requests', async () => {
    const seen: string[] = [];
    const session = createSession({
      lock: noLock,
      onEnded: () => {},
      fetch: async (request) => {
        seen.push(request.headers.get('Authorization') ?? '');
        return json(200);
      },
    });
    session.setAccessToken('a1');
    await session.authorizedFetch(new Request('http://localhost/api/profiles'));
    expect(seen).toEqual(['Bearer a1']);
  });

  it('renews silently through the refresh cookie on 401 and repeats the request with its body', async () => {
    const calls: string[] = [];
    const session = createSession({
      lock: noLock,
      onEnded: () => {},
      fetch: async (request) => {
        const path = new URL(request.url).pathname;
        calls.push(`${request.method} ${path} ${request.headers.get('Authorization') ?? request.headers.get('X-Refresh-Cookie')}`);
        if (path === '/api/auth/refresh') {
          expect(request.headers.get('Content-Type')).toBe('application/json');
          return json(200, { accessToken: 'fresh' });
        }
        if (request.headers.get('Authorization') === 'Bearer stale') return json(401);
        expect(await request.text()).toBe('{"name":"Sam"}');
        return json(201);
      },
    });
    session.setAccessToken('stale');
    const response = await session.authorizedFetch(
      new Request('http://localhost/api/profiles', { method: 'POST', body: '{"name":"Sam"}' }),
    );
    expect(response.status).toBe(201);
    expect(calls).toEqual([
      'POST /api/profiles Bearer stale',
      'POST /api/auth/refresh 1',
      'POST /api/profiles Bearer fresh',
    ]);
  });

  it('sends one refresh for many requests that fail together', async () => {
    let refreshes = 0;
    const session = createSession({
      lock: noLock,
      onEnded: () => {},
      fetch: async (request) => {
        if (new URL(request.url).pathname === '/api/auth/refresh') {
          refreshes++;
          await new Promise((resolve) => setTimeout(resolve, 10));
          return json(200, { accessToken: 'fresh' });
        }
        return json(request.headers.get('Authorization') === 'Bearer fresh' ? 200 : 401);
      },
    });
    session.setAccessToken('stale');
    const responses = await Promise.all(
      [1, 2, 3].map(() => session.authorizedFetch(new Request('http://localhost/api/profiles'))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
  });

  it('ends the session when the refresh token is gone', async () => {
    const ended = vi.fn();
    const session = createSession({
      lock: noLock,
      onEnded: ended,
      fetch: async () => json(401),
    });
    session.setAccessToken('stale');
    const response = await session.authorizedFetch(new Request('http://localhost/api/goals'));
    expect(response.status).toBe(401);
    expect(ended).toHaveBeenCalledOnce();
    expect(session.signedIn).toBe(false);
  });

  it('asks for cookie mode on sign-in routes and sends no bearer token there', async () => {
    let headers: Headers | undefined;
    const session = createSession({
      lock: noLock,
      onEnded: () => {},
      fetch: async (request) => {
        headers = request.headers;
        return json(200, { accessToken: 'x' });
      },
    });
    session.setAccessToken('old');
    await session.authorizedFetch(new Request('http://localhost/api/auth/login', { method: 'POST', body: '{}' }));
    expect(headers?.get('X-Refresh-Cookie')).toBe('1');
    expect(headers?.get('Authorization')).toBeNull();
  });
});
