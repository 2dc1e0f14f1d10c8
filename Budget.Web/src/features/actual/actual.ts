import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type ActualSankey = Schemas['ActualSankeyResponse'];

/** What really happened in a period: the API's Sankey of income, spending and what was left. */
export function useActualSankey(profileId: number, from: string, to: string) {
  return useQuery({
    queryKey: ['profiles', profileId, 'actual-sankey', from, to],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/actual-sankey', { params: { path: { profileId }, query: { from, to } } })),
  });
}
