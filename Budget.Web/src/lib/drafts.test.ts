import { afterEach, describe, expect, it } from 'vitest';
import { clearAllDrafts, clearDraft, readDraft, writeDraft } from './drafts';

afterEach(() => sessionStorage.clear());

describe('form drafts', () => {
  it('come back as they were written', () => {
    writeDraft('7.transaction.3', { amount: '42.50', note: 'school trip' });
    expect(readDraft('7.transaction.3')).toEqual({ amount: '42.50', note: 'school trip' });
  });

  it('are gone once cleared, one at a time or all at sign-out, leaving other keys alone', () => {
    writeDraft('7.a', { x: '1' });
    writeDraft('7.b', { x: '2' });
    sessionStorage.setItem('budget.email', 'a@example.com');
    clearDraft('7.a');
    expect(readDraft('7.a')).toBeNull();
    clearAllDrafts();
    expect(readDraft('7.b')).toBeNull();
    expect(sessionStorage.getItem('budget.email')).toBe('a@example.com');
  });

  it('ignore what is not a draft', () => {
    sessionStorage.setItem('budget.draft.broken', '{not json');
    expect(readDraft('broken')).toBeNull();
  });
});
