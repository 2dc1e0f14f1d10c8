/** A budget's alert thresholds as the form edits them: percents of the budget, separated by commas. */

/** "80, 100" → [80, 100]; empty → [] (no alerts); anything else → an error to show on the field. */
export function parseThresholds(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const parts = text.split(/[\s,;%]+/).filter((part) => part.length > 0);
  const value = parts.map(Number);
  if (value.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    return { ok: false, error: 'Whole percents between 1 and 1000, separated by commas.' };
  }
  return { ok: true, value };
}

export function formatThresholds(thresholds: number[] | undefined): string {
  return (thresholds ?? [80, 100]).join(', ');
}
