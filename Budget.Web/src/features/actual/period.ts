/** The periods the "What happened" view offers: a calendar month, quarter or year, or any dates. */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export interface Period { kind: PeriodKind; from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** The month, quarter or year containing a YYYY-MM-DD date (custom keeps just that day). */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const [year, month] = parts(date);
  switch (kind) {
    case 'month':
      return { kind, from: iso(year, month, 1), to: iso(year, month, daysIn(year, month)) };
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return { kind, from: iso(year, first, 1), to: iso(year, first + 2, daysIn(year, first + 2)) };
    }
    case 'year':
      return { kind, from: iso(year, 1, 1), to: iso(year, 12, 31) };
    default:
      return { kind, from: date, to: date };
  }
}

/** The period before (-1) or after (+1) a month, quarter or year. */
export function shiftPeriod(period: Period, step: -1 | 1): Period {
  if (period.kind === 'custom') return period;
  const [year, month] = parts(period.from);
  const months = { month: 1, quarter: 3, year: 12 }[period.kind] * step;
  const index = year * 12 + (month - 1) + months;
  return periodContaining(period.kind, iso(Math.floor(index / 12), (index % 12) + 1, 1));
}

/** Reads ?period=quarter&from=…&to=… back; anything missing or malformed falls back to the month of today. */
export function periodFromSearch(search: URLSearchParams, todayDate: string): Period {
  const kind = search.get('period');
  const from = search.get('from');
  const valid = (d: string | null): d is string => d !== null && /^\d{4}-\d{2}-\d{2}$/.test(d);
  if (kind === 'custom') {
    const to = search.get('to');
    return valid(from) && valid(to) ? { kind, from, to } : periodContaining('month', todayDate);
  }
  if (kind === 'month' || kind === 'quarter' || kind === 'year') return periodContaining(kind, valid(from) ? from : todayDate);
  return periodContaining('month', todayDate);
}

/** "March 2026", "Q1 2026", "2026", or the two dates for a custom period. */
export function periodLabel(period: Period, dateLabel: (date: string) => string): string {
  const [year, month] = parts(period.from);
  switch (period.kind) {
    case 'month':
      return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    case 'quarter':
      return `Q${Math.floor((month - 1) / 3) + 1} ${year}`;
    case 'year':
      return String(year);
    default:
      return `${dateLabel(period.from)} – ${dateLabel(period.to)}`;
  }
}
