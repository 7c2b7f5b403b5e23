// Change password (POST /api/auth/password). The server signs out every other session.
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Feedback } from './Feedback';

export function PasswordPanel({ onChanged }: { onChanged?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setDone(null);
    if (next !== confirm) {
      setError('The new password and its confirmation do not match.');
      return;
    }
    setBusy(true);
    try {
      const result = await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      const revoked = result.revoked_sessions ?? 0;
      setDone(
        revoked > 0
          ? `Password changed. ${revoked} other session${revoked === 1 ? ' was' : 's were'} signed out.`
          : 'Password changed.',
      );
      onChanged?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
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
