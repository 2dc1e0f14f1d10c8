import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Budget = Schemas['BudgetResponse'];
export type BudgetPeriod = Schemas['BudgetPeriod'];
export type Transaction = Schemas['TransactionResponse'];

export const budgetKeys = {
  all: (profileId: number) => ['profiles', profileId, 'budgets'] as const,
  transactions: (profileId: number, budgetId: number, from: string, to: string) =>
    ['profiles', profileId, 'budgets', budgetId, 'transactions', from, to] as const,
};

export function useBudgets(profileId: number) {
  return useQuery({
    queryKey: budgetKeys.all(profileId),
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/budgets', { params: { path: { profileId } } })),
  });
}

/** Budgets change the dashboard and the forecast too, so a change refreshes the whole profile. */
function useInvalidateProfile(profileId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] });
}

export function useSaveBudget(profileId: number) {
  const invalidate = useInvalidateProfile(profileId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Schemas['BudgetRequest'] }) =>
      id === undefined
        ? unwrap(api.POST('/api/profiles/{profileId}/budgets', { params: { path: { profileId } }, body }))
        : unwrap(api.PUT('/api/profiles/{profileId}/budgets/{budgetId}', { params: { path: { profileId, budgetId: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteBudget(profileId: number) {
  const invalidate = useInvalidateProfile(profileId);
  return useMutation({
    mutationFn: (budgetId: number) =>
      unwrap(api.DELETE('/api/profiles/{profileId}/budgets/{budgetId}', { params: { path: { profileId, budgetId } } })),
    onSuccess: invalidate,
  });
}

export function useTransactions(profileId: number, budgetId: number, from: string, to: string) {
  return useQuery({
    queryKey: budgetKeys.transactions(profileId, budgetId, from, to),
    queryFn: () =>
      unwrap(api.GET('/api/profiles/{profileId}/budgets/{budgetId}/transactions', {
        params: { path: { profileId, budgetId }, query: { ...(from ? { from } : {}), ...(to ? { to } : {}), limit: "200" } },
      })),
  });
}

export function useAddTransaction(profileId: number, budgetId: number) {
  const invalidate = useInvalidateProfile(profileId);
  return useMutation({
    mutationFn: (body: Schemas['TransactionRequest']) =>
      unwrap(api.POST('/api/profiles/{profileId}/budgets/{budgetId}/transactions', { params: { path: { profileId, budgetId } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteTransaction(profileId: number, budgetId: number) {
  const invalidate = useInvalidateProfile(profileId);
  return useMutation({
    mutationFn: (transactionId: number) =>
      unwrap(api.DELETE('/api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}', {
        params: { path: { profileId, budgetId, transactionId } },
      })),
    onSuccess: invalidate,
  });
}
