import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/api';
import { NotificationChannels } from './NotificationChannels';

/**
 * The notification-channels API as far as the form needs it, with its Idempotency-Key rule: a key seen before with the
 * same body answers the channel it made; with another body, 409. `loseAnswers` drops that many answers after acting.
 */
function fakeApi() {
  const channels: Record<string, unknown>[] = [];
  const byKey = new Map<string, { body: string; channel: Record<string, unknown> }>();
  const state = { loseAnswers: 0, keys: [] as string[] };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (request: Request) => {
    if (request.method === 'GET') return json(200, channels);
    const key = request.headers.get('Idempotency-Key') ?? '';
    const body = await request.text();
    state.keys.push(key);
    const earlier = byKey.get(key);
    if (earlier && earlier.body !== body) return json(409, { title: 'This Idempotency-Key was used for a different request.' });
    const channel = earlier?.channel ?? {
      ...JSON.parse(body), id: channels.length + 1, tokenHint: null, createdAt: '2026-01-01T00:00:00Z', lastDeliveredAt: null, lastError: null, lastErrorAt: null, version: 1,
    };
    if (!earlier) {
      channels.push(channel);
      byKey.set(key, { body, channel });
    }
    if (state.loseAnswers > 0) {
      state.loseAnswers--;
      throw new TypeError('Failed to fetch');
    }
    return json(201, channel);
  });
  return state;
}

function renderChannels() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(<QueryClientProvider client={queryClient}><NotificationChannels /></QueryClientProvider>);
}

beforeEach(() => session.setAccessToken('token'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  session.setAccessToken(null);
});

describe('adding a channel when an answer is lost', () => {
  it('retries an unchanged form with the same key and a corrected one with a new key, so it saves instead of showing a conflict', async () => {
    const api = fakeApi();
    renderChannels();
    fireEvent.click(await screen.findByRole('button', { name: 'Add channel' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Phone' } });
    fireEvent.change(screen.getByLabelText(/Topic address/), { target: { value: 'http://ntfy.lan/budget' } });

    // The API made the channel twice over (the same one), but both answers were lost on the way back.
    api.loseAnswers = 2;
    fireEvent.click(screen.getByRole('button', { name: 'Save channel' }));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Save channel' }));
    await waitFor(() => expect(api.keys).toHaveLength(2));
    expect(api.keys[1]).toBe(api.keys[0]);

    // Then the user renames it before trying again: a different request, so a new key rather than a 409.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save channel' })).toHaveProperty('disabled', false));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'My phone' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save channel' }));

    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save channel' })).toBeNull());
    expect(api.keys).toHaveLength(3);
    expect(api.keys[2]).not.toBe(api.keys[0]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await screen.findByText('My phone')).toBeTruthy();
  });
});
