import { describe, expect, it } from 'vitest';
import { nextPath, signInPath } from './returnTo';

describe('returning to the screen after signing in again', () => {
  it('keeps the screen, with its query, in the sign-in address and reads it back', () => {
    const address = signInPath('/budgets/12?tab=all');
    expect(address).toBe('/signin?next=%2Fbudgets%2F12%3Ftab%3Dall');
    expect(nextPath(address.slice('/signin'.length))).toBe('/budgets/12?tab=all');
  });

  it('needs no next for the dashboard or for sign-in itself', () => {
    expect(signInPath('/')).toBe('/signin');
    expect(signInPath('/signup')).toBe('/signin');
    expect(nextPath('')).toBe('/');
  });

  it('never sends the user to another site or back to sign-in', () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'budgets', '/signin?next=/x', '/signup']) {
      expect(nextPath(`?next=${encodeURIComponent(next)}`)).toBe('/');
    }
  });
});
