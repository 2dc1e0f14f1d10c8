import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type ImportPreview = Schemas['ImportPreviewResponse'];
export type CsvMapping = Schemas['CsvMapping'];
export type ImportResult = Schemas['ImportResponse'];

/** What the import routes take beside the file: a CSV mapping to read it with, and the bank's name for it. */
export interface ImportFields {
  mapping?: CsvMapping | null;
  bankName?: string | null;
}

/**
 * The upload as the API takes it, multipart/form-data: the file itself (the browser sends it as it is; the server
 * keeps a large one out of its memory) and the fields beside it, the mapping as JSON text.
 */
function uploadForm(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value instanceof File) form.append(name, value, value.name);
    else if (value !== undefined && value !== null) form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form;
}

/** The profile's budgets to import into (the same query, and cache entry, as the budgets screen). */
export function useImportBudgets(profileId: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'budgets'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/budgets', { params: { path: { profileId } } })),
  });
}

// The document types a file field as a binary string; the File goes there and uploadForm sends it as a file part.
const asUpload = (file: File) => file as unknown as string;

export function usePreviewImport(profileId: number) {
  return useMutation({
    mutationFn: ({ file, mapping, bankName }: { file: File } & ImportFields) =>
      unwrap(api.POST('/api/profiles/{profileId}/imports/preview', {
        params: { path: { profileId } },
        body: { file: asUpload(file), mapping: mapping ? JSON.stringify(mapping) : undefined, bankName: bankName ?? undefined },
        bodySerializer: uploadForm,
      })),
  });
}

/** Imports the file; the key makes a retried click answer the first import instead of running a second. */
export function useCommitImport(profileId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ budgetId, file, mapping, bankName, key }: { budgetId: number; file: File; key: string } & ImportFields) =>
      unwrap(api.POST('/api/profiles/{profileId}/imports', {
        params: { path: { profileId } },
        body: { budgetId, file: asUpload(file), mapping: mapping ? JSON.stringify(mapping) : undefined, bankName: bankName ?? undefined },
        bodySerializer: uploadForm,
        headers: { 'Idempotency-Key': key },
      })),
    // New transactions change budgets, the dashboard and the forecast.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles', profileId] }),
  });
}
