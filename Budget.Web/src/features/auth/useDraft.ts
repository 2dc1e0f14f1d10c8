import { useEffect, useState } from 'react';
import { clearDraft, readDraft, writeDraft } from '../../lib/drafts';
import { useMe } from './auth';

/**
 * A form's text fields, kept as a draft for this user and tab while they differ from the empty form, so a
 * session that ends mid-typing gives them back after signing in again. Emptying the fields drops the draft.
 */
export function useDraft<T extends Record<string, string>>(name: string, empty: T) {
  const key = `${useMe().id}.${name}`;
  const [draft, setDraft] = useState<T>(() => ({ ...empty, ...readDraft<T>(key) }));
  const changed = Object.keys(empty).some((field) => draft[field] !== empty[field]);

  useEffect(() => {
    if (changed) writeDraft(key, draft);
    else clearDraft(key);
  }, [key, draft, changed]);

  return {
    draft,
    set: <K extends keyof T>(field: K, value: T[K]) => setDraft((current) => ({ ...current, [field]: value })),
  };
}
