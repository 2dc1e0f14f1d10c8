import { describe, expect, it } from 'vitest';
import { formatBytes, tooLargeMessage } from './uploadLimits';

describe('tooLargeMessage', () => {
  it('lets a file up to the limit through', () => {
    expect(tooLargeMessage('may.csv', 299_008, 299_008)).toBeNull();
  });

  it('names the file, its size and the limit when it is over', () => {
    expect(tooLargeMessage('year.csv', 1_258_291, 299_593)).toBe('year.csv is 1.2 MiB; this server takes at most 293 KiB at once.');
  });

  it('leaves the check to the server while the limit is not known', () => {
    expect(tooLargeMessage('year.csv', 50_000_000, undefined)).toBeNull();
  });
});

describe('formatBytes', () => {
  it('rounds KiB up, so a file just over a limit never reads as equal to it', () => {
    expect(formatBytes(2_796_202)).toBe('2.7 MiB');
    expect(formatBytes(1025)).toBe('2 KiB');
  });
});
