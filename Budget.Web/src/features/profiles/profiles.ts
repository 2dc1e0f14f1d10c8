import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Profile = Schemas['ProfileResponse'];

export const AVATAR_COLORS = ['#0f766e', '#1d4ed8', '#7c3aed', '#be185d', '#b45309', '#15803d', '#b91c1c', '#334155'];

export function useProfiles() {
  return useQuery({ queryKey: ['profiles'], queryFn: () => unwrap(api.GET('/api/profiles')) });
}

export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, avatarColor }: { id?: number; name: string; avatarColor: string }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles', { body: { name, avatarColor } }))
        : unwrap(api.PUT('/api/profiles/{profileId}', { params: { path: { profileId: id } }, body: { name, avatarColor } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles'] }),
  });
}

export function useDeleteProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/profiles/{profileId}', { params: { path: { profileId: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles'] }),
  });
}
