// Change password (POST /api/auth/password). The server signs out every other session.
import { useState } from 'preact/hooks';
import { useAction } from '../../action';
import { api } from '../../api';
import { Feedback } from './Feedback';

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
        <div class="field">
          <label for="pw-current">Current password</label>
          <input
            id="pw-current"
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="pw-new">New password</label>
          <input
            id="pw-new"
            type="password"
            autocomplete="new-password"
            required
            aria-describedby="pw-new-hint"
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
          <small id="pw-new-hint" class={next === '' || next.length >= 8 ? 'hint' : 'hint warn'}>
            At least 8 characters. Your other sessions will be signed out.
          </small>
        </div>
        <div class="field">
          <label for="pw-confirm">Confirm new password</label>
          <input
            id="pw-confirm"
            type="password"
            autocomplete="new-password"
            required
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
