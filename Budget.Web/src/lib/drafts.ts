// What the user was typing into a form, kept for this tab only (sessionStorage), so a session that ends
// underneath them does not throw it away: after signing in again the form comes back filled in. A deliberate
// sign-out clears every draft, and drafts are kept per user so nobody else signing in here sees them.

const PREFIX = 'budget.draft.';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage can be disabled; drafts are a convenience
  }
}

export function readDraft<T extends object>(key: string): Partial<T> | null {
  const raw = storage()?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Partial<T>;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: object) {
  storage()?.setItem(PREFIX + key, JSON.stringify(value));
}

export function clearDraft(key: string) {
  storage()?.removeItem(PREFIX + key);
}

export function clearAllDrafts() {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
}
