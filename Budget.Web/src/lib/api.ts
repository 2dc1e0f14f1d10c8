import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';
import { createSession } from './session';

export type Schemas = components['schemas'];

let sessionEnded: () => void = () => {};

/** The app's one session; the router registers where to go when it ends. */
export const session = createSession({
  fetch: (request) => fetch(request),
  onEnded: () => sessionEnded(),
});

export function onSessionEnded(handler: () => void) {
  sessionEnded = handler;
}

/** The one API client: typed from the OpenAPI document, authorized by the session. */
export const api = createClient<paths>({
  baseUrl: typeof window !== 'undefined' ? window.location.origin : 'http://localhost',
  fetch: session.authorizedFetch,
  credentials: 'same-origin',
});

let profileNotFound: (profileId: number) => void = () => {};

/**
 * Where to report a 404 under `/api/profiles/{id}`: the profile itself may be gone for this user (removed from it,
 * or deleted by its owner) while the app was open. Returns the way to unregister.
 */
export function onProfileNotFound(handler: (profileId: number) => void): () => void {
  profileNotFound = handler;
  return () => {
    if (profileNotFound === handler) profileNotFound = () => {};
  };
}

api.use({
  onResponse({ request, response }) {
    if (response.status !== 404) return;
    const match = /^\/api\/profiles\/(\d+)(?:\/|$)/.exec(new URL(request.url).pathname);
    if (match) profileNotFound(Number(match[1]));
  },
});

/** RFC 7807 problem details, as the API sends them. */
export interface Problem {
  title?: string | null;
  detail?: string | null;
  status?: number | null;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
  }

  /** The first message for a field, matched case-insensitively ("Amount" and "amount"). */
  field(name: string): string | undefined {
    const entry = Object.entries(this.problem.errors ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
    return entry?.[1][0];
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem details. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new ApiError(response.status, (error as Problem | undefined) ?? {});
  }
  return data as T;
}
