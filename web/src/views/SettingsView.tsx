import { useState } from 'preact/hooks';
import { currentUser } from '../state';
import { DangerPanel } from './settings/DangerPanel';
import { PasswordPanel } from './settings/PasswordPanel';
import { PreferencesPanel } from './settings/PreferencesPanel';
import { ProfilePanel } from './settings/ProfilePanel';
import { SessionsPanel } from './settings/SessionsPanel';
import { TokensPanel } from './settings/TokensPanel';

export function SettingsView() {
  const user = currentUser.value;
  // Bumped after a password change so the session list shows the revoked sessions gone.
  const [sessionsKey, setSessionsKey] = useState(0);
  return (
    <section class="panel" aria-labelledby="panel-title">
      <header class="panel-header">
        <h1 id="panel-title">Settings</h1>
        {user && (
          <p class="muted">
            Signed in as <strong>{user.username}</strong> ({user.role})
          </p>
        )}
      </header>
      <div class="panel-body settings">
        <ProfilePanel />
        <PreferencesPanel />
        <SessionsPanel reloadKey={sessionsKey} />
        <TokensPanel />
        <PasswordPanel onChanged={() => setSessionsKey((k) => k + 1)} />
        <DangerPanel />
      </div>
    </section>
  );
}
