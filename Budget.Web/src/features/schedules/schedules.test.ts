import { describe, expect, it } from 'vitest';
import { describeSchedule } from './schedules';

describe('describeSchedule', () => {
  it('says when a schedule repeats, in words', () => {
    expect(describeSchedule({ frequency: 'monthly', interval: 1, weekday: null, dayOfMonth: 31, month: null })).toBe('Every month on the 31st');
    expect(describeSchedule({ frequency: 'monthly', interval: 3, weekday: null, dayOfMonth: 2, month: null })).toBe('Every 3 months on the 2nd');
    expect(describeSchedule({ frequency: 'monthly', interval: 1, weekday: null, dayOfMonth: 12, month: null })).toBe('Every month on the 12th');
    expect(describeSchedule({ frequency: 'weekly', interval: 2, weekday: 'friday', dayOfMonth: null, month: null })).toBe('Every 2 weeks on Friday');
    expect(describeSchedule({ frequency: 'yearly', interval: 1, weekday: null, dayOfMonth: 29, month: 2 })).toBe('Every year on 29 February');
  });
});
