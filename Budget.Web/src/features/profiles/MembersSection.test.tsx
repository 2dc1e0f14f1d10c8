import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/api';
import { MembersSection } from './MembersSection';

// The owner's own profile on screen; the members section reads no more of it than this.
vi.mock('./currentProfile', () => ({
  useCurrentProfile: () => ({ profile: { id: 7, name: 'Home', role: 'owner', currency: 'EUR' } }),
}));

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const expired = (id: number, email: string) => ({ id, email, role: 'viewer', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-15T00:00:00Z', expired: true });

/** The API with two expired invitations; each POST waits for the test to answer it. */
function fakeApi() {
  const answers: ((response: Response) => void)[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') return new Promise<Response>((resolve) => answers.push(resolve));
    if (path.endsWith('/members')) return json(200, [{ id: 1, email: 'ann@example.com', role: 'owner', you: true, version: 1 }]);
    if (path.endsWith('/invitations')) return json(200, [expired(11, 'bob@example.com'), expired(12, 'cat@example.com')]);
    return json(404, {});
  });
  return answers;
}

const rowOf = (email: string) => screen.getByText(email, { exact: false }).closest('tr')!;

beforeEach(() => session.setAccessToken('token'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  session.setAccessToken(null);
});

describe('inviting again', () => {
  it('keeps its waiting and its error on its own row, apart from the invite form and the other rows', async () => {
    const answers = fakeApi();
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
    render(<QueryClientProvider client={queryClient}><MembersSection /></QueryClientProvider>);
    await screen.findByText('bob@example.com', { exact: false });

    fireEvent.click(within(rowOf('bob@example.com')).getByRole('button', { name: 'Invite again' }));
    await waitFor(() => expect(answers).toHaveLength(1));
    expect(within(rowOf('bob@example.com')).getByRole('button', { name: 'Invite again' })).toHaveProperty('disabled', true);
    expect(within(rowOf('cat@example.com')).getByRole('button', { name: 'Invite again' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Invite' })).toHaveProperty('disabled', false);

    answers[0]!(json(400, { title: 'One or more validation errors occurred.', errors: { email: ['Bob is a member already.'] } }));

    expect((await within(rowOf('bob@example.com')).findByRole('alert')).textContent).toBe('Bob is a member already.');
    expect(within(rowOf('cat@example.com')).queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText('Their email').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});
