// Sign-in and registration. Client-side hints only advise; the server decides and its
// `error` sentence is shown verbatim.
import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { bootError, refreshWhoami, signInNotice, signedIn, theme, toggleTheme } from '../state';
import { usersApi, type PublicInfo } from '../users_api';

type Mode = 'login' | 'register';

const USERNAME_RE = /^[A-Za-z0-9_.-]{1,32}$/;

export function AuthView() {
  const [mode, setMode] = useState<Mode>('login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const registering = mode === 'register';
  // Whether registration is open (GET /api/public/info); null until known or if unreachable.
  const [info, setInfo] = useState<PublicInfo | null>(null);

  useEffect(() => {
    usersApi
      .publicInfo()
      .then(setInfo)
      .catch(() => setInfo(null));
  }, []);

  useEffect(() => {
    document.title = registering ? 'Create an account · Chatter' : 'Sign in · Chatter';
  }, [registering]);
  const usernameOk = username === '' || USERNAME_RE.test(username);
  const passwordOk = password === '' || password.length >= 8;

  function switchMode(next: Mode) {
    setMode(next);
    setError(null);
    signInNotice.value = null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = registering
        ? await api.register(username, password, email.trim() || undefined)
        : await api.login(username, password);
      setPassword('');
      signedIn({ username: result.username, role: result.role, id: null });
      // Fill in the numeric id in the background; the shell does not need it to render.
      void refreshWhoami();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const notice = signInNotice.value ?? bootError.value;

  return (
    <div class="auth-page">
      <main class="auth-card" aria-labelledby="auth-title">
        <div class="auth-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>{info?.site_name ?? 'Chatter'}</span>
        </div>
        <h1 id="auth-title">{registering ? 'Create an account' : 'Sign in'}</h1>

        <div class="segmented" role="group" aria-label="Choose sign in or registration">
          <button type="button" aria-pressed={!registering} onClick={() => switchMode('login')}>
            Sign in
          </button>
          <button type="button" aria-pressed={registering} onClick={() => switchMode('register')}>
            Register
          </button>
        </div>

        {registering && info?.registration === 'invite_only' && (
          <p class="notice" role="status" data-testid="invite-only">
            Registration is invite-only on this server: ask an administrator to create your account.
          </p>
        )}
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p id="auth-error" class="error-box" role="alert" data-testid="auth-error">
            {error}
          </p>
        )}

        <form onSubmit={submit} aria-describedby={error ? 'auth-error' : undefined} noValidate>
          <div class="field">
            <label for="auth-username">Username</label>
            <input
              id="auth-username"
              name="username"
              type="text"
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              required
              value={username}
              aria-invalid={!usernameOk}
              aria-describedby="auth-username-hint"
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
            <small id="auth-username-hint" class={usernameOk ? 'hint' : 'hint warn'}>
              1–32 characters: letters, digits, <code>_</code> <code>.</code> <code>-</code>
            </small>
          </div>

          <div class="field">
            <label for="auth-password">Password</label>
            <input
              id="auth-password"
              name="password"
              type="password"
              autocomplete={registering ? 'new-password' : 'current-password'}
              required
              value={password}
              aria-invalid={registering && !passwordOk}
              aria-describedby={registering ? 'auth-password-hint' : undefined}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            {registering && (
              <small id="auth-password-hint" class={passwordOk ? 'hint' : 'hint warn'}>
                At least 8 characters.
              </small>
            )}
          </div>

          {registering && (
            <div class="field">
              <label for="auth-email">
                E-mail <span class="muted">(optional)</span>
              </label>
              <input
                id="auth-email"
                name="email"
                type="email"
                autocomplete="email"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
          )}

          <button type="submit" class="primary wide" disabled={busy}>
            {busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
          </button>
        </form>

        <p class="auth-switch">
          {registering ? 'Already have an account? ' : 'New here? '}
          <button type="button" class="link" onClick={() => switchMode(registering ? 'login' : 'register')}>
            {registering ? 'Sign in instead' : 'Create an account'}
          </button>
        </p>
        <p class="auth-footer">
          <button type="button" class="link" onClick={toggleTheme}>
            {theme.value === 'dark' ? 'Use light theme' : 'Use dark theme'}
          </button>
        </p>
      </main>
    </div>
  );
}
