// Site alerts (the banner everyone sees) and posting a message into a channel as System.
import { useState } from 'preact/hooks';
import { formatTime } from '../../format';
import { adminApi } from './api';
import { useAction } from '../../action';
import { Done, Problem, useLoad } from './common';

export function AlertsTab() {
  const { data, error, reload } = useLoad(() => adminApi.alerts());
  const { busy, error: actionError, done, run } = useAction();
  const [text, setText] = useState('');
  const [level, setLevel] = useState('info');
  const [hours, setHours] = useState('');
  const [channel, setChannel] = useState('general');
  const [systemText, setSystemText] = useState('');

  return (
    <div>
      <h3>Post an alert</h3>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const expires = hours ? new Date(Date.now() + Number(hours) * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z') : null;
          if (await run(() => adminApi.createAlert(text.trim(), level, expires), 'Alert posted to everyone.')) {
            setText('');
            void reload();
          }
        }}
      >
        <div class="field grow">
          <label for="alert-text">Text</label>
          <input id="alert-text" type="text" maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="alert-level">Level</label>
          <select id="alert-level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </div>
        <div class="field">
          <label for="alert-hours">Expires after (hours, empty: never)</label>
          <input id="alert-hours" type="number" min={1} value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary" disabled={busy || !text.trim()}>
          Post alert
        </button>
      </form>
      <Problem text={actionError ?? error} />
      <Done text={done} />
      {data && data.alerts.length === 0 && <p class="muted">No active alerts.</p>}
      {data && data.alerts.length > 0 && (
        <ul class="item-list">
          {data.alerts.map((a) => (
            <li key={a.id} class="admin-user-row">
              <span class={`admin-badge level-${a.level}`}>{a.level}</span>
              <span>{a.text}</span>
              <span class="muted">
                {a.created_by}, {formatTime(a.created_at)}
                {a.expires_at ? `, until ${formatTime(a.expires_at)}` : ''}
              </span>
              <span class="topbar-spacer" />
              <button type="button" disabled={busy} onClick={async () => (await run(() => adminApi.deleteAlert(a.id), 'Alert removed.')) && void reload()}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>Post as System</h3>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await run(() => adminApi.systemMessage(channel.trim(), systemText), `Posted in #${channel.trim()} as System.`)) setSystemText('');
        }}
      >
        <div class="field">
          <label for="system-channel">Channel</label>
          <input id="system-channel" type="text" value={channel} onInput={(e) => setChannel(e.currentTarget.value)} />
        </div>
        <div class="field grow">
          <label for="system-text">Message</label>
          <input id="system-text" type="text" maxLength={4000} value={systemText} onInput={(e) => setSystemText(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={busy || !systemText.trim()}>
          Post
        </button>
      </form>
    </div>
  );
}
