import { describe, expect, it } from 'vitest';
import { formatApi, formatMinor, fromApiAmount, minorToDecimal, parseAmount, toApiAmount } from './money';

describe('parsing typed amounts', () => {
  it('reads decimals into minor units without floating-point error', () => {
    expect(parseAmount('0.1', 2)).toEqual({ ok: true, minor: 10 });
    expect(parseAmount('0.2', 2)).toEqual({ ok: true, minor: 20 });
    expect(parseAmount('1,234.56', 2)).toEqual({ ok: true, minor: 123456 });
    expect(parseAmount(' .75 ', 2)).toEqual({ ok: true, minor: 75 });
    expect(parseAmount('-3', 2)).toEqual({ ok: true, minor: -300 });
    expect(parseAmount('1000000000000', 2)).toEqual({ ok: true, minor: 100000000000000 });
  });

  it('refuses more decimals than the currency has, and text that is not a number', () => {
    expect(parseAmount('1.234', 2)).toEqual({ ok: false, error: 'At most 2 decimals.' });
    expect(parseAmount('5.5', 0)).toEqual({ ok: false, error: 'Whole numbers only.' });
    expect(parseAmount('12abc', 2).ok).toBe(false);
    expect(parseAmount('', 2).ok).toBe(false);
    expect(parseAmount('.', 2).ok).toBe(false);
  });

  it('reads three-decimal currencies', () => {
    expect(parseAmount('1.005', 3)).toEqual({ ok: true, minor: 1005 });
  });
});

describe('converting to and from the API', () => {
  it('writes exact decimal strings and JSON numbers', () => {
    expect(minorToDecimal(30, 2)).toBe('0.30');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1200, 0)).toBe('1200');
    expect(JSON.stringify({ amount: toApiAmount(10 + 20, 2) })).toBe('{"amount":0.3}');
  });

  it('reads API numbers back to the same minor units', () => {
    expect(fromApiAmount(0.3, 2)).toBe(30);
    expect(fromApiAmount(1520.75, 2)).toBe(152075);
    expect(fromApiAmount(-62.4, 2)).toBe(-6240);
    expect(fromApiAmount(1.005, 3)).toBe(1005);
  });
});

describe('formatting', () => {
  it('formats for the account currency with Intl.NumberFormat', () => {
    expect(formatMinor(123456, { currency: 'USD', exponent: 2, locale: 'en-US' })).toBe('$1,234.56');
    expect(formatMinor(-6240, { currency: 'EUR', exponent: 2, locale: 'de-DE' })).toBe('-62,40\u00a0€');
    expect(formatApi(1500, { currency: 'JPY', exponent: 0, locale: 'en-US' })).toBe('¥1,500');
  });

  it('shows a sum of 0.1 and 0.2 as 0.30', () => {
    const sum = fromApiAmount(0.1, 2) + fromApiAmount(0.2, 2);
    expect(formatMinor(sum, { currency: 'USD', exponent: 2, locale: 'en-US' })).toBe('$0.30');
  });
});
