// Server settings (GET/POST /api/admin/settings): every key, toggles as switches, numbers as
// inputs. A change is saved at once and the server answers with the whole new set.
import { useEffect, useState } from 'preact/hooks';
import { adminApi } from './api';
import { useAction } from '../../action';
import { Problem, useLoad } from './common';

const HELP: Record<string, string> = {
  MAINTENANCE_MODE: 'Only administrators can send messages; everyone else gets a clear "maintenance" refusal.',
  ANNOUNCEMENTS_ONLY: 'Only administrators may post in public channels.',
  INVITE_ONLY_MODE: 'Registration is closed; accounts come from invites or administrators.',
};

function isToggle(key: string, value: string): boolean {
  return (value === '0' || value === '1') && !key.startsWith('SEND_RATE');
}

export function SettingsTab() {
  const { data, error } = useLoad(() => adminApi.settings());
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error: saveError, run } = useAction();
  useEffect(() => {
    if (data) setValues(data.settings);
  }, [data]);

  async function save(key: string, value: string) {
    await run(async () => {
      const result = await adminApi.saveSettings({ [key]: value });
      setValues(result.settings);
    });
  }

  return (
    <div>
      <Problem text={saveError ?? error} />
      <ul class="item-list admin-settings">
        {Object.entries(values).map(([key, value]) => (
          <li key={key} class="admin-user-row">
            {isToggle(key, value) ? (
              <label class="admin-switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={value === '1'}
                  disabled={busy}
                  data-testid={`setting-${key}`}
                  onChange={(e) => void save(key, e.currentTarget.checked ? '1' : '0')}
                />
                <code>{key}</code>
              </label>
            ) : (
              <form
                class="admin-setting-number"
                onSubmit={(e) => {
                  e.preventDefault();
                  const input = e.currentTarget.elements.namedItem(key) as HTMLInputElement;
                  void save(key, input.value);
                }}
              >
                <label for={`setting-${key}`}>
                  <code>{key}</code>
                </label>
                <input id={`setting-${key}`} name={key} type="number" defaultValue={value} key={value} />
                <button type="submit" disabled={busy}>
                  Save
                </button>
              </form>
            )}
            {HELP[key] && <span class="muted">{HELP[key]}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
