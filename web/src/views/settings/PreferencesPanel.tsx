// Preferences (GET/POST /api/settings): theme (applied at once through the theme signal),
// language, e-mail, who may send direct messages, and notification flags.
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../../action';
import { errorMessage } from '../../api';
import { setThemeSetting } from '../../state';
import { usersApi, type UserSettings } from '../../users_api';
import { Feedback } from './Feedback';

type Flag = keyof UserSettings['notifications'];
const FLAGS: { key: Flag; label: string }[] = [
  { key: 'mentions', label: 'Notify me when someone mentions me' },
  { key: 'dms', label: 'Notify me about direct messages' },
  { key: 'sounds', label: 'Play sounds' },
];

export function PreferencesPanel() {
  const [settings, setSettings] = useState<UserSettings | null>(null);
  const { busy, error, done, run, fail } = useAction();

  useEffect(() => {
    usersApi
      .settings()
      .then((result) => setSettings(result.settings))
      .catch((err) => fail(errorMessage(err)));
  }, []);

  if (!settings) {
    return (
      <section class="card" aria-labelledby="prefs-title" data-testid="preferences">
        <h2 id="prefs-title">Preferences</h2>
        {error ? <Feedback error={error} /> : <p class="muted">Loading…</p>}
      </section>
    );
  }

  const update = (changes: Partial<UserSettings>) => setSettings({ ...settings, ...changes });

  async function save(event: Event) {
    event.preventDefault();
    if (!settings) return;
    const { bio: _bio, status: _status, ...preferences } = settings;
    await run(async () => {
      const result = await usersApi.saveSettings(preferences);
      setSettings(result.settings);
      setThemeSetting(result.settings.theme);
    }, 'Preferences saved.');
  }

  return (
    <section class="card" aria-labelledby="prefs-title" data-testid="preferences">
      <h2 id="prefs-title">Preferences</h2>
      <Feedback error={error} done={done} />
      <form onSubmit={save}>
        <div class="field">
          <label for="prefs-theme">Theme</label>
          <select
            id="prefs-theme"
            value={settings.theme}
            onChange={(e) => {
              const value = e.currentTarget.value as UserSettings['theme'];
              update({ theme: value });
              setThemeSetting(value);
            }}
          >
            <option value="system">Same as my system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <div class="field">
          <label for="prefs-language">Language</label>
          <input
            id="prefs-language"
            value={settings.language}
            maxLength={8}
            aria-describedby="prefs-language-hint"
            onInput={(e) => update({ language: e.currentTarget.value })}
          />
          <small id="prefs-language-hint" class="hint">
            A language tag such as en, de or pt-BR.
          </small>
        </div>
        <div class="field">
          <label for="prefs-email">E-mail (optional, never shown to others)</label>
          <input
            id="prefs-email"
            type="email"
            value={settings.email}
            onInput={(e) => update({ email: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="prefs-dms">Who may send me direct messages</label>
          <select
            id="prefs-dms"
            value={settings.allow_dms}
            onChange={(e) => update({ allow_dms: e.currentTarget.value as UserSettings['allow_dms'] })}
          >
            <option value="everyone">Everyone</option>
            <option value="nobody">Nobody</option>
          </select>
        </div>
        <fieldset class="field">
          <legend>Notifications</legend>
          {FLAGS.map(({ key, label }) => (
            <label key={key} class="checkbox">
              <input
                type="checkbox"
                checked={settings.notifications[key]}
                onChange={(e) =>
                  update({ notifications: { ...settings.notifications, [key]: e.currentTarget.checked } })
                }
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          Save preferences
        </button>
      </form>
    </section>
  );
}
