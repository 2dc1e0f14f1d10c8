import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api';

/**
 * The largest files this server takes (they follow its memory: less on a small Pi). Checked before a file is sent,
 * because a browser cut off mid-upload shows a network error, not the server's explanation.
 */
export function useUploadLimits() {
  return useQuery({
    queryKey: ['upload-limits'],
    queryFn: () => unwrap(api.GET('/api/account/upload-limits')),
    staleTime: Infinity,
  });
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Why a chosen file is refused before sending it, or null when it fits (or the limit is not known yet: the server still checks). */
export function tooLargeMessage(fileName: string, size: number, limit: number | undefined): string | null {
  if (limit === undefined || size <= limit) return null;
  return `${fileName} is ${formatBytes(size)}; this server takes at most ${formatBytes(limit)} at once.`;
}
