// API tokens for bots and scripts (GET/POST/DELETE /api/auth/tokens). A new token is shown once.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type CreatedToken, type TokenInfo } from '../../api';
import { formatTime } from '../../format';

export function TokensPanel() {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);

  const load = useCallback(async () => {
    try {
      const result = await api.tokens();
      setTokens(result.tokens);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const token = await api.createToken(name.trim());
      setCreated(token);
      setName('');
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(token: TokenInfo) {
    setBusy(true);
    setError(null);
    try {
      await api.deleteToken(token.id);
      if (created && String(created.id) === String(token.id)) setCreated(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false);
      setError('Copying is not allowed here; select the token and copy it by hand.');
    }
  }

  return (
    <section class="card" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">API tokens</h2>
      <p class="muted">
        Tokens let bots and scripts use the API as you, with the header <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div class="token-once" role="status">
          <p>
            <strong>New token “{created.name}”.</strong> Copy it now — it will not be shown again.
          </p>
          <div class="token-row">
            <label for="new-token" class="visually-hidden">
              New API token
            </label>
            <input id="new-token" type="text" readOnly value={created.token} data-testid="new-token" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <form class="inline-form" onSubmit={create}>
        <div class="field grow">
          <label for="token-name">Token name</label>
          <input
            id="token-name"
            type="text"
            maxLength={64}
            placeholder="e.g. deploy bot"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Create token
        </button>
      </form>
      {tokens === null && !error && <p class="muted">Loading…</p>}
      {tokens && tokens.length === 0 && <p class="muted">You have no API tokens.</p>}
      {tokens && tokens.length > 0 && (
        <ul class="item-list">
          {tokens.map((t) => (
            <li key={String(t.id)} class="item">
              <div class="item-main">
                <div class="item-title">{t.name}</div>
                <div class="item-meta">
                  <span>Created {formatTime(t.created_at)}</span>
                  <span>{t.last_used_at ? `Last used ${formatTime(t.last_used_at)}` : 'Never used'}</span>
                </div>
              </div>
              <button type="button" class="danger" disabled={busy} onClick={() => void remove(t)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
