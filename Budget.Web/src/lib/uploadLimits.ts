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

/** A size in KiB (under 1 MiB) or MiB to one decimal; a limit is rounded down, a file's size up, so a file over a limit never reads as equal to it. */
export function formatBytes(bytes: number, round: 'up' | 'down' = 'up'): string {
  const to = round === 'up' ? Math.ceil : Math.floor;
  return bytes < 1024 * 1024 ? `${to(bytes / 1024)} KiB` : `${(to((bytes / 1024 / 1024) * 10) / 10).toFixed(1)} MiB`;
}

/** Why a chosen file is refused before sending it, or null when it fits (or the limit is not known yet: the server still checks). */
export function tooLargeMessage(fileName: string, size: number, limit: number | undefined): string | null {
  if (limit === undefined || size <= limit) return null;
  return `${fileName} is ${formatBytes(size)}; this server takes at most ${formatBytes(limit, 'down')} at once.`;
}
