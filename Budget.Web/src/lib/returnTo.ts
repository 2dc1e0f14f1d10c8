// Where sign-in sends the user back to: the screen they were on when the session ended (`/signin?next=...`).

/** The sign-in address that returns to `path` afterwards; the dashboard needs no `next`. */
export function signInPath(path: string): string {
  return path === '/' || path === '' || isAuthPath(path) ? '/signin' : `/signin?next=${encodeURIComponent(path)}`;
}

/** The `next` of a sign-in address, only if it is a path of this app: never another site, nor a loop back to sign-in. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || isAuthPath(next)) return '/';
  return next;
}

function isAuthPath(path: string): boolean {
  return /^\/(signin|signup)(?=$|[/?#])/.test(path);
}
