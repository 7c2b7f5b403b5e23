// One password input of a settings form, with its label and, if given, a hint under it.
import type { ComponentChildren } from 'preact';

export function PasswordField({
  id,
  label,
  autocomplete,
  value,
  onInput,
  hint,
  warn = false,
}: {
  id: string;
  label: string;
  autocomplete: 'current-password' | 'new-password';
  value: string;
  onInput: (value: string) => void;
  /** Shown under the input (id `<id>-hint`, which describes the input). */
  hint?: ComponentChildren;
  /** The hint as a warning (the value does not satisfy it yet). */
  warn?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="password"
        autocomplete={autocomplete}
        required
        aria-describedby={hintId}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {hint && (
        <small id={hintId} class={warn ? 'hint warn' : 'hint'}>
          {hint}
        </small>
      )}
    </div>
  );
}
