import { ApiError, session, type Problem } from '../../lib/api';

/** The file name a Content-Disposition header gives (filename*=UTF-8''… preferred), if any. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/**
 * Fetches a file from the API with the session's token (a plain link could not send it) and hands it to the
 * browser as a download named as the server says.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await session.authorizedFetch(new Request(new URL(path, window.location.origin)));
  if (!response.ok) {
    throw new ApiError(response.status, ((await response.json().catch(() => ({}))) as Problem) ?? {});
  }
  const name = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
