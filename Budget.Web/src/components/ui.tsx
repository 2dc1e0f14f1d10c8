import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** An error not tied to a field shown on the form: the problem's detail, or errors for fields the form lacks. */
export function ErrorNote({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (!error) return null;
  let message = 'Something went wrong. Try again.';
  if (error instanceof ApiError) {
    const others = Object.entries(error.problem.errors ?? {})
      .filter(([key]) => !shown.some((name) => name.toLowerCase() === key.toLowerCase()))
      .map(([, messages]) => messages.join(' '));
    const hasFieldErrors = Object.keys(error.problem.errors ?? {}).length > 0;
    if (hasFieldErrors && others.length === 0) return null;
    message = others.length > 0 ? others.join(' ') : error.message;
  }
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

interface FieldProps {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its error (from the API's problem details or the form) right beneath it. */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': Boolean(error), ...(error || hint ? { 'aria-describedby': messageId } : {}) })}
      {error ? (
        <span id={messageId} className="field-error">
          {error}
        </span>
      ) : hint ? (
        <span id={messageId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** The field's message: a local one first, else the API's problem details for that field. */
export function fieldError(error: unknown, name: string, local?: Record<string, string | undefined>): string | undefined {
  return local?.[name] ?? (error instanceof ApiError ? error.field(name) : undefined);
}

/** A destructive button that asks first, in place, so keyboard and screen-reader users get the same question. */
export function ConfirmButton({ label, question, onConfirm, disabled }: { label: string; question: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="danger" autoFocus onClick={() => { setAsking(false); onConfirm(); }}>
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * A table that may be wider than a phone scrolls inside its own box, never the page. Only while it does scroll is the
 * box a named, focusable region (so a keyboard can scroll it); otherwise it adds no tab stop.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(measure) : null;
    observer?.observe(element);
    if (element.firstElementChild) observer?.observe(element.firstElementChild);
    return () => observer?.disconnect();
  }, []);
  return (
    <div ref={ref} className="table-scroll" {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}>
      {children}
    </div>
  );
}
