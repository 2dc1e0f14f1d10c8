// Money lives in the app as integer minor units (cents). The API speaks major units as JSON numbers; every
// conversion here goes through decimal strings, so no amount is ever the result of floating-point arithmetic.

export type ParsedAmount = { ok: true; minor: number } | { ok: false; error: string };

/** Parses what a person typed ("1,234.5", "-3", ".75") into minor units, or says why it cannot. */
export function parseAmount(typed: string, exponent: number): ParsedAmount {
  const text = typed.trim().replace(/[\s,_]/g, '');
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return { ok: false, error: 'Enter an amount such as 12.50.' };
  }
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    return { ok: false, error: exponent === 0 ? 'Whole numbers only.' : `At most ${exponent} decimals.` };
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return { ok: false, error: 'That amount is too large.' };
  const minor = Number(digits);
  return { ok: true, minor: sign && minor !== 0 ? -minor : minor };
}

/** Minor units as an exact decimal string: 123456 with exponent 2 is "1234.56". */
export function minorToDecimal(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** The JSON number the API expects; Number("12.34") is the exact decimal's nearest double and prints back as 12.34. */
export function toApiAmount(minor: number, exponent: number): number {
  return Number(minorToDecimal(minor, exponent));
}

/** An amount from the API (a JSON number in major units) as minor units, read through its decimal text. */
export function fromApiAmount(major: number, exponent: number): number {
  const parsed = parseAmount(major.toFixed(Math.min(exponent, 20)), exponent);
  if (!parsed.ok) throw new Error(`Unexpected amount from the API: ${major}`);
  return parsed.minor;
}

/** An API amount as the text to put back into an input. */
export function apiAmountToInput(major: number, exponent: number): string {
  return minorToDecimal(fromApiAmount(major, exponent), exponent);
}

export interface MoneyFormat {
  currency: string;
  exponent: number;
  locale?: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string | undefined, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${locale ?? ''}|${compact}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, found);
  }
  return found;
}

/** Formats minor units for the account's currency; Intl reads the decimal string exactly. */
export function formatMinor(minor: number, money: MoneyFormat, compact = false): string {
  const exact = minorToDecimal(minor, money.exponent) as unknown as number; // Intl.NumberFormat v3 takes decimal strings
  return formatter(money.currency, money.locale, compact).format(exact);
}

/** Formats an API amount (major units). */
export function formatApi(major: number, money: MoneyFormat, compact = false): string {
  return formatMinor(fromApiAmount(major, money.exponent), money, compact);
}
