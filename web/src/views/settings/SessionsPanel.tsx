// Signed-in devices: list and revoke (GET/DELETE /api/auth/sessions).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type SessionInfo } from '../../api';
import { describeUserAgent, formatTime } from '../../format';
import { signedOut } from '../../state';

export function SessionsPanel({ reloadKey = 0 }: { reloadKey?: number }) {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<SessionInfo['id'] | null>(null);

  const load = useCallback(async () => {
    try {
      const result = await api.sessions();
      setSessions(result.sessions);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  async function revoke(session: SessionInfo) {
    setBusyId(session.id);
    setError(null);
    try {
      await api.revokeSession(session.id);
      if (session.current) {
        signedOut('You signed out this device.');
        return;
      }
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section class="card" aria-labelledby="sessions-title" data-testid="sessions">
      <div class="card-header">
        <h2 id="sessions-title">Sessions</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p class="muted">Devices and browsers where you are signed in. Revoke any you do not recognise.</p>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {sessions === null && !error && <p class="muted">Loading…</p>}
      {sessions && sessions.length === 0 && <p class="muted">No active sessions.</p>}
      {sessions && sessions.length > 0 && (
        <ul class="item-list">
          {sessions.map((s) => (
            <li key={String(s.id)} class="item">
              <div class="item-main">
                <div class="item-title">
                  {describeUserAgent(s.user_agent)}
                  {s.current && <span class="badge">This device</span>}
                </div>
                <div class="item-meta">
                  <span>IP {s.ip || 'unknown'}</span>
                  <span>Signed in {formatTime(s.created_at)}</span>
                  <span>Last active {formatTime(s.last_seen_at)}</span>
                  <span>Expires {formatTime(s.expires_at)}</span>
                </div>
              </div>
              <button type="button" class="danger" disabled={busyId !== null} onClick={() => void revoke(s)}>
                {busyId === s.id ? 'Revoking…' : s.current ? 'Sign out here' : 'Revoke'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
