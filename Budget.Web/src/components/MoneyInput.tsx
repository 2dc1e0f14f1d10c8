import { Field } from './ui';

/** An amount typed as text (never a float input), parsed to minor units by the form on submit. */
export function MoneyInput({ label, name, value, onChange, error, hint }: {
  label: string; name: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: string;
}) {
  return (
    <Field label={label} name={name} error={error} {...(hint ? { hint } : {})}>
      {(props) => <input {...props} inputMode="decimal" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
