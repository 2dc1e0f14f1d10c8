import { describe, expect, it } from 'vitest';
import { periodContaining, periodFromSearch, periodLabel, shiftPeriod } from './period';

describe('periods', () => {
  it('finds the month, quarter and year containing a date', () => {
    expect(periodContaining('month', '2028-02-14')).toEqual({ kind: 'month', from: '2028-02-01', to: '2028-02-29' });
    expect(periodContaining('quarter', '2026-05-31')).toEqual({ kind: 'quarter', from: '2026-04-01', to: '2026-06-30' });
    expect(periodContaining('year', '2026-05-31')).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
  });

  it('steps back and forth across year ends', () => {
    expect(shiftPeriod(periodContaining('month', '2026-01-10'), -1)).toEqual({ kind: 'month', from: '2025-12-01', to: '2025-12-31' });
    expect(shiftPeriod(periodContaining('quarter', '2026-11-10'), 1)).toEqual({ kind: 'quarter', from: '2027-01-01', to: '2027-03-31' });
    expect(shiftPeriod(periodContaining('year', '2026-11-10'), -1).from).toBe('2025-01-01');
  });

  it('reads the period back from the address, falling back to this month', () => {
    expect(periodFromSearch(new URLSearchParams('period=quarter&from=2026-02-01'), '2026-09-09').from).toBe('2026-01-01');
    expect(periodFromSearch(new URLSearchParams('period=custom&from=2026-02-03&to=2026-02-20'), '2026-09-09')).toEqual({ kind: 'custom', from: '2026-02-03', to: '2026-02-20' });
    expect(periodFromSearch(new URLSearchParams('period=custom&from=nope'), '2026-09-09')).toEqual({ kind: 'month', from: '2026-09-01', to: '2026-09-30' });
    expect(periodFromSearch(new URLSearchParams(''), '2026-09-09').to).toBe('2026-09-30');
  });

  it('names quarters and years plainly', () => {
    expect(periodLabel(periodContaining('quarter', '2026-08-01'), (d) => d)).toBe('Q3 2026');
    expect(periodLabel(periodContaining('year', '2026-08-01'), (d) => d)).toBe('2026');
    expect(periodLabel({ kind: 'custom', from: '2026-01-02', to: '2026-01-09' }, (d) => d)).toBe('2026-01-02 – 2026-01-09');
  });
});
