import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type MapNode = Schemas['NodeResponse'];
export type MapFlow = Schemas['FlowResponse'];
export type NodeType = Schemas['NodeType'];

export const NODE_TYPES: { type: NodeType; label: string }[] = [
  { type: 'income', label: 'Income' },
  { type: 'account', label: 'Account' },
  { type: 'savings', label: 'Savings' },
  { type: 'investment', label: 'Investment' },
  { type: 'expense', label: 'Expense' },
  { type: 'debt', label: 'Debt' },
];

export function useNodes(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'nodes'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/nodes', { params: { path: { profileId } } })),
  });
}

export function useFlows(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'flows'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/flows', { params: { path: { profileId } } })),
  });
}

function useInvalidate(profileId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] });
}

export function useSaveNode(profileId: number) {
  const onSuccess = useInvalidate(profileId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Schemas['NodeRequest'] }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles/{profileId}/nodes', { params: { path: { profileId } }, body }))
        : unwrap(api.PUT('/api/profiles/{profileId}/nodes/{nodeId}', { params: { path: { profileId, nodeId: id } }, body })),
    onSuccess,
  });
}

export function useDeleteNode(profileId: number) {
  const onSuccess = useInvalidate(profileId);
  return useMutation({
    mutationFn: (nodeId: number) => unwrap(api.DELETE('/api/profiles/{profileId}/nodes/{nodeId}', { params: { path: { profileId, nodeId } } })),
    onSuccess,
  });
}

export function useSaveFlow(profileId: number) {
  const onSuccess = useInvalidate(profileId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Schemas['FlowRequest'] }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles/{profileId}/flows', { params: { path: { profileId } }, body }))
        : unwrap(api.PUT('/api/profiles/{profileId}/flows/{flowId}', { params: { path: { profileId, flowId: id } }, body })),
    onSuccess,
  });
}

export function useDeleteFlow(profileId: number) {
  const onSuccess = useInvalidate(profileId);
  return useMutation({
    mutationFn: (flowId: number) => unwrap(api.DELETE('/api/profiles/{profileId}/flows/{flowId}', { params: { path: { profileId, flowId } } })),
    onSuccess,
  });
}
