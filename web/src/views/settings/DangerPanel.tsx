// Danger zone: delete the account (POST /api/account/delete) after the password and an explicit
// confirmation. Messages stay under the name; the name can never be registered again.
import { useState } from 'preact/hooks';
import { useAction } from '../../action';
import { currentUser, signedOut } from '../../state';
import { usersApi } from '../../users_api';
import { Feedback } from './Feedback';
import { PasswordField } from './PasswordField';

export function DangerPanel() {
  const username = currentUser.value?.username ?? '';
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const { busy, error, run, clear } = useAction();

  function ask(event: Event) {
    event.preventDefault();
    clear();
    setConfirming(true);
  }

  async function remove() {
    if (busy) return;
    if (await run(() => usersApi.deleteAccount(password))) {
      setPassword('');
      signedOut('Your account was deleted.');
    } else {
      setConfirming(false);
    }
  }

  return (
    <section class="card danger-zone" aria-labelledby="danger-title" data-testid="danger-zone">
      <h2 id="danger-title">Danger zone</h2>
      <p class="muted">
        Deleting your account signs you out everywhere and removes your sessions, API tokens, files and avatar.
        Your messages stay, under your name, and the name <strong>{username}</strong> can never be registered again.
      </p>
      <Feedback error={error} />
      {!confirming ? (
        <form onSubmit={ask}>
          <PasswordField
            id="delete-password"
            label="Your password"
            autocomplete="current-password"
            value={password}
            onInput={setPassword}
          />
          <button type="submit" class="danger">
            Delete my account…
          </button>
        </form>
      ) : (
        <div role="alertdialog" aria-labelledby="delete-confirm-title" class="confirm-box">
          <p id="delete-confirm-title">
            This cannot be undone. Type your username <strong>{username}</strong> to confirm.
          </p>
          <div class="field">
            <label for="delete-confirm">Username</label>
            <input id="delete-confirm" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="button" class="danger" disabled={busy || typed !== username} onClick={remove}>
              {busy ? 'Deleting…' : 'Delete my account for good'}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                setTyped('');
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
