import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { clearDraft, readDraft, writeDraft } from '../../lib/drafts';
import { useMe } from './auth';

/**
 * A form's text fields, kept as a draft for this user and tab while they differ from the form's starting values,
 * so a session that ends mid-typing gives them back after signing in again. Going back to the starting values
 * drops the draft; so does `discard` (after saving or cancelling).
 */
export function useDraft<T extends Record<string, string>>(name: string, start: T) {
  const key = `${useMe().id}.${name}`;
  const [draft, setDraft] = useState<T>(() => ({ ...start, ...readDraft<T>(key) }));
  const discarded = useRef(false);
  const changed = Object.keys(start).some((field) => draft[field] !== start[field]);

  useEffect(() => {
    if (discarded.current) return;
    if (changed) writeDraft(key, draft);
    else clearDraft(key);
  }, [key, draft, changed]);

  return {
    draft,
    set: <K extends keyof T>(field: K, value: T[K]) => setDraft((current) => ({ ...current, [field]: value })),
    discard: () => {
      discarded.current = true;
      clearDraft(key);
    },
  };
}

/**
 * Which form a screen has open (`?edit=new`, `?edit=12`), kept in the address so that coming back after signing
 * in again (`?next=` keeps the query) reopens it, with its draft.
 */
export function useEditParam(): [string | null, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = (value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value === null) next.delete('edit');
      else next.set('edit', value);
      return next;
    }, { replace: true });
  return [params.get('edit'), set];
}
