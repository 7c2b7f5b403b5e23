// Change password (POST /api/auth/password). The server signs out every other session.
import { useState } from 'preact/hooks';
import { useAction } from '../../action';
import { api } from '../../api';
import { Feedback } from './Feedback';
import { PasswordField } from './PasswordField';

export function PasswordPanel({ onChanged }: { onChanged?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, done, run, fail } = useAction();

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (next !== confirm) {
      fail('The new password and its confirmation do not match.');
      return;
    }
    const changed = await run(
      () => api.changePassword(current, next),
      (result) => {
        const revoked = result.revoked_sessions ?? 0;
        return revoked > 0
          ? `Password changed. ${revoked} other session${revoked === 1 ? ' was' : 's were'} signed out.`
          : 'Password changed.';
      },
    );
    if (!changed) return;
    setCurrent('');
    setNext('');
    setConfirm('');
    onChanged?.();
  }

  return (
    <section class="card" aria-labelledby="password-title" data-testid="password">
      <h2 id="password-title">Change password</h2>
      <Feedback error={error} done={done} />
      <form onSubmit={submit}>
        <PasswordField id="pw-current" label="Current password" autocomplete="current-password" value={current} onInput={setCurrent} />
        <PasswordField
          id="pw-new"
          label="New password"
          autocomplete="new-password"
          value={next}
          onInput={setNext}
          hint="At least 8 characters. Your other sessions will be signed out."
          warn={next !== '' && next.length < 8}
        />
        <PasswordField id="pw-confirm" label="Confirm new password" autocomplete="new-password" value={confirm} onInput={setConfirm} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
