import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Alert = Schemas['AlertResponse'];
export type Channel = Schemas['ChannelResponse'];
export type ChannelKind = Schemas['ChannelKind'];

const alertKeys = {
  all: (profileId: number) => ['profiles', profileId, 'alerts'] as const,
};
const channelKeys = ['notification-channels'] as const;

/** The profile's alerts, newest first, and the unread count. Polled, since alerts are also raised in the background. */
export function useAlerts(profileId: number) {
  return useQuery({
    queryKey: alertKeys.all(profileId),
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/alerts', { params: { path: { profileId } } })),
    refetchInterval: 60_000,
  });
}

export function useMarkRead(profileId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alertId: number | 'all') =>
      alertId === 'all'
        ? unwrap(api.POST('/api/profiles/{profileId}/alerts/read', { params: { path: { profileId } } }))
        : unwrap(api.POST('/api/profiles/{profileId}/alerts/{alertId}/read', { params: { path: { profileId, alertId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all(profileId) }),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: channelKeys,
    queryFn: () => unwrap(api.GET('/api/notification-channels')),
    // A test message or a retry changes how the last delivery went, a moment after the click.
    refetchInterval: 15_000,
  });
}

export function useSaveChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id?: number; body: Schemas['ChannelRequest']; key: string }) =>
      id === undefined
        ? unwrap(api.POST('/api/notification-channels', { params: { header: { 'Idempotency-Key': key } }, body }))
        : unwrap(api.PUT('/api/notification-channels/{channelId}', { params: { path: { channelId: id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys }),
  });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channelId: number) => unwrap(api.DELETE('/api/notification-channels/{channelId}', { params: { path: { channelId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys }),
  });
}

export function useTestChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channelId: number) => unwrap(api.POST('/api/notification-channels/{channelId}/test', { params: { path: { channelId } } })),
    // Look again once the worker has had a moment to send it.
    onSuccess: () => setTimeout(() => void queryClient.invalidateQueries({ queryKey: channelKeys }), 2_000),
  });
}
