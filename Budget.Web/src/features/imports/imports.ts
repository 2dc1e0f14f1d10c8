import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type ImportPreview = Schemas['ImportPreviewResponse'];
export type CsvMapping = Schemas['CsvMapping'];
export type ImportResult = Schemas['ImportResponse'];

/** A chosen bank file: its name and its bytes as base64, as the API takes them. */
export interface BankFile {
  fileName: string;
  content: string;
}

export async function readBankFile(file: File): Promise<BankFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In chunks: String.fromCharCode takes only so many arguments at once.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return { fileName: file.name, content: btoa(binary) };
}

/** The profile's budgets to import into (the same query, and cache entry, as the budgets screen). */
export function useImportBudgets(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'budgets'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/budgets', { params: { path: { profileId } } })),
  });
}

export function usePreviewImport(profileId: number) {
  return useMutation({
    mutationFn: (body: Schemas['ImportPreviewRequest']) =>
      unwrap(api.POST('/api/profiles/{profileId}/imports/preview', { params: { path: { profileId } }, body })),
  });
}

/** Imports the file; the key makes a retried click answer the first import instead of running a second. */
export function useCommitImport(profileId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: Schemas['ImportRequest']; key: string }) =>
      unwrap(api.POST('/api/profiles/{profileId}/imports', { params: { path: { profileId } }, body, headers: { 'Idempotency-Key': key } })),
    // New transactions change budgets, the dashboard and the forecast.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}
