import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Goal = Schemas['GoalResponse'];

export function useGoals(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'goals'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/goals', { params: { path: { profileId } } })),
  });
}

export function useSaveGoal(profileId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Schemas['GoalRequest'] }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles/{profileId}/goals', { params: { path: { profileId } }, body }))
        : unwrap(api.PUT('/api/profiles/{profileId}/goals/{goalId}', { params: { path: { profileId, goalId: id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}

export function useDeleteGoal(profileId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (goalId: number) =>
      unwrap(api.DELETE('/api/profiles/{profileId}/goals/{goalId}', { params: { path: { profileId, goalId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}

export type LinkableNode = Schemas['NodeResponse'];

/** The savings and investment boxes of the money map a goal can save into (same cache as the money map's nodes). */
export function useLinkableNodes(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'nodes'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/nodes', { params: { path: { profileId } } })),
    select: (nodes) => nodes.filter((n) => n.type === 'savings' || n.type === 'investment'),
  });
}
