import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Profile = Schemas['ProfileResponse'];

/** The colours offered for avatars, named for screen readers; upper case, as the API stores them. */
export const AVATAR_COLORS = [
  { color: '#0F766E', name: 'Teal' },
  { color: '#1D4ED8', name: 'Blue' },
  { color: '#7C3AED', name: 'Violet' },
  { color: '#BE185D', name: 'Pink' },
  { color: '#B45309', name: 'Amber' },
  { color: '#15803D', name: 'Green' },
  { color: '#B91C1C', name: 'Red' },
  { color: '#334155', name: 'Slate' },
] as const;

/** The choices for one profile: the palette, plus its current colour when that is not in it (the API picks its own). */
export function colourChoices(current: string | null): { color: string; name: string }[] {
  const normalized = current?.toUpperCase();
  return normalized && !AVATAR_COLORS.some((c) => c.color === normalized)
    ? [{ color: normalized, name: 'Current colour' }, ...AVATAR_COLORS]
    : [...AVATAR_COLORS];
}

export function useProfiles() {
  return useQuery({ queryKey: ['profiles'], queryFn: () => unwrap(api.GET('/api/profiles')) });
}

export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, name, avatarColor }: { id?: number; version?: number; name: string; avatarColor: string }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles', { body: { name, avatarColor } }))
        : unwrap(api.PUT('/api/profiles/{profileId}', { params: { path: { profileId: id } }, body: { name, avatarColor, version } })),
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
