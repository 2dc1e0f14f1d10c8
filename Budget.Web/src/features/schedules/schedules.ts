import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Schedule = Schemas['ScheduleResponse'];
export type ScheduleRequest = Schemas['ScheduleRequest'];
export type Frequency = Schemas['Frequency'];
export type Weekday = NonNullable<Schemas['Weekday']>;
export type Upcoming = Schemas['UpcomingTransaction'];

export const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function useSchedules(profileId: number, budgetId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'budgets', budgetId, 'schedules'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/budgets/{budgetId}/schedules', { params: { path: { profileId, budgetId } } })),
  });
}

export function useUpcoming(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'upcoming'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/upcoming', { params: { path: { profileId } } })),
  });
}

/** A schedule creates transactions at once (from a past start), so a change refreshes the whole profile. */
export function useSaveSchedule(profileId: number, budgetId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id?: number; body: ScheduleRequest; key: string }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles/{profileId}/budgets/{budgetId}/schedules', {
            params: { path: { profileId, budgetId }, header: { 'Idempotency-Key': key } },
            body,
          }))
        : unwrap(api.PUT('/api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}', {
            params: { path: { profileId, budgetId, scheduleId: id } },
            body,
          })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}

export function useDeleteSchedule(profileId: number, budgetId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scheduleId: number) =>
      unwrap(api.DELETE('/api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}', { params: { path: { profileId, budgetId, scheduleId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}

function ordinal(day: number): string {
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${day}${suffix}`;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Every month on the 31st", "Every 2 weeks on Friday", "Every year on 29 February". */
export function describeSchedule(s: Pick<Schedule, 'frequency' | 'interval' | 'weekday' | 'dayOfMonth' | 'month'>): string {
  const unit = { weekly: 'week', monthly: 'month', yearly: 'year' }[s.frequency];
  const every = s.interval === 1 ? `Every ${unit}` : `Every ${s.interval} ${unit}s`;
  if (s.frequency === 'weekly') return `${every} on ${capitalised(s.weekday ?? '')}`;
  if (s.frequency === 'monthly') return `${every} on the ${ordinal(s.dayOfMonth ?? 1)}`;
  return `${every} on ${s.dayOfMonth} ${monthName(s.month ?? 1)}`;
}
