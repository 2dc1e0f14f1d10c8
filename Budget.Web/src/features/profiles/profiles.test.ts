import { describe, expect, it } from 'vitest';
import { AVATAR_COLORS, colourChoices } from './profiles';

describe('avatar colour choices', () => {
  it('are the named palette for a new profile', () => {
    expect(colourChoices(null)).toEqual([...AVATAR_COLORS]);
    expect(colourChoices(null).every((c) => /^#[0-9A-F]{6}$/.test(c.color) && c.name.length > 0)).toBe(true);
  });

  it('match a palette colour whatever its case, so it shows as chosen', () => {
    expect(colourChoices('#1d4ed8')).toEqual([...AVATAR_COLORS]);
  });

  it('keep a colour from outside the palette (one the API picked) first, so editing does not silently change it', () => {
    expect(colourChoices('#2563eb')[0]).toEqual({ color: '#2563EB', name: 'Current colour' });
    expect(colourChoices('#2563eb')).toHaveLength(AVATAR_COLORS.length + 1);
  });
});
