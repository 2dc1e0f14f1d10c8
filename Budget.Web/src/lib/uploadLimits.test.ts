import { describe, expect, it } from 'vitest';
import { formatBytes, tooLargeMessage } from './uploadLimits';

describe('tooLargeMessage', () => {
  it('lets a file up to the limit through', () => {
    expect(tooLargeMessage('may.csv', 299_008, 299_008)).toBeNull();
  });

  it('names the file, its size and the limit when it is over', () => {
    expect(tooLargeMessage('year.csv', 1_258_291, 299_593)).toBe('year.csv is 1.2 MiB; this server takes at most 292 KiB at once.');
  });

  it('never shows a file one byte over the limit as the same size', () => {
    expect(tooLargeMessage('may.csv', 299_594, 299_593)).toBe('may.csv is 293 KiB; this server takes at most 292 KiB at once.');
    expect(tooLargeMessage('backup.json', 2_796_203, 2_796_202)).toBe('backup.json is 2.7 MiB; this server takes at most 2.6 MiB at once.');
  });

  it('leaves the check to the server while the limit is not known', () => {
    expect(tooLargeMessage('year.csv', 50_000_000, undefined)).toBeNull();
  });
});

describe('formatBytes', () => {
  it('rounds a size up and a limit down', () => {
    expect(formatBytes(2_796_202)).toBe('2.7 MiB');
    expect(formatBytes(2_796_202, 'down')).toBe('2.6 MiB');
    expect(formatBytes(1025)).toBe('2 KiB');
    expect(formatBytes(1_048_576, 'down')).toBe('1.0 MiB');
  });
});
