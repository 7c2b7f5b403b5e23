// Registering and managing custom channels: the add form, and per channel enable/disable,
// re-fetch, share (admins), delete, and accepting a script before it runs. Running someone
// else's channel, or a changed script, first shows the API document's warning.
import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { Modal } from '../messaging/Modal';
import { navigate } from '../router';
import { isAdmin } from '../state';
import { customApi, type CustomChannel } from './api';
import { channelIcons, customChannels, customChannelsError, loadCustomChannels, runnable, updateChannel } from './store';

function AddChannelForm() {
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await customApi.register(url.trim(), name.trim());
      updateChannel(answer.channel);
      setUrl('');
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="custom-add" onSubmit={submit} data-testid="custom-add-form">
      <h2>Add a channel</h2>
      <div class="field">
        <label for="custom-url">Script URL</label>
        <input
          id="custom-url"
          type="url"
          required
          value={url}
          placeholder="https://example.com/my-channel.js"
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
        <span class="hint">The server fetches the script once and serves that copy; re-fetch it to update.</span>
      </div>
      <div class="field">
        <label for="custom-name">Name</label>
        <input
          id="custom-name"
          type="text"
          required
          maxLength={64}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </div>
      {error && (
        <p class="error-box" role="alert" data-testid="custom-add-error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Fetching…' : 'Add channel'}
      </button>
    </form>
  );
}

function TrustDialog({ channel, onClose }: { channel: CustomChannel; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  async function accept() {
    try {
      updateChannel((await customApi.accept(channel.id, channel.sha256)).channel);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      void loadCustomChannels();
    }
  }
  return (
    <Modal title={channel.changed ? 'The script has changed' : 'Run this channel?'} onClose={onClose} testid="custom-trust-dialog">
      <p class="error-box">
        <strong>Warning:</strong> only load custom channels from trusted sources. A channel runs inside Chatter with
        your rights: it can read what you can read, send messages and change your settings as you. Malicious
        channels could access user data or compromise security.
      </p>
      <dl class="custom-facts">
        <dt>Channel</dt>
        <dd>{channel.name}</dd>
        <dt>Added by</dt>
        <dd>{channel.owner}</dd>
        <dt>Source</dt>
        <dd class="custom-url">{channel.url}</dd>
        <dt>Script SHA-256</dt>
        <dd class="custom-hash">{channel.sha256}</dd>
        <dt>Fetched</dt>
        <dd>{formatTime(channel.fetched_at)}</dd>
      </dl>
      <p>
        <a href={channel.script_url} target="_blank" rel="noopener">
          Read the script
        </a>{' '}
        before you run it.
      </p>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={accept} data-testid="custom-trust-accept">
          I trust it, run it
        </button>
      </div>
    </Modal>
  );
}

function ChannelRow({ channel, onTrust }: { channel: CustomChannel; onTrust: (c: CustomChannel) => void }) {
  // One action at a time; Re-fetch says what it found in the notice under the row.
  const { busy, error, done: notice, run } = useAction();

  const icon = channelIcons.value[channel.id] ?? '🧩';
  const path = `/custom/${channel.id}`;
  return (
    <li class="custom-row" data-testid="custom-row" data-channel-id={channel.id}>
      <div class="custom-row-main">
        <span class="custom-row-name">
          <span aria-hidden="true">{icon}</span> {channel.name}
        </span>
        <span class="hint">
          {channel.mine ? 'yours' : `by ${channel.owner}`}
          {channel.shared ? ' · shared with everyone' : ''} · {channel.enabled ? 'enabled' : 'disabled'} ·{' '}
          {channel.accepted ? 'runs for you' : channel.changed ? 'changed since you accepted it' : 'not running for you'}
        </span>
        <span class="hint custom-url">{channel.url}</span>
        <span class="hint custom-hash" title="SHA-256 of the stored script">
          sha256 {channel.sha256.slice(0, 16)}… · {channel.size} bytes
        </span>
      </div>
      <div class="custom-row-actions">
        {runnable(channel) && (
          <button type="button" class="small primary" onClick={() => navigate(path)} data-testid="custom-open">
            Open
          </button>
        )}
        {!channel.accepted && (
          <button type="button" class="small" disabled={busy} onClick={() => onTrust(channel)} data-testid="custom-run">
            {channel.changed ? 'Review change' : 'Run for me'}
          </button>
        )}
        {channel.accepted && !channel.mine && (
          <button
            type="button"
            class="small"
            disabled={busy}
            onClick={() => run(async () => updateChannel((await customApi.dismiss(channel.id)).channel))}
          >
            Stop running
          </button>
        )}
        {channel.can_manage && (
          <button
            type="button"
            class="small"
            disabled={busy}
            data-testid="custom-toggle"
            onClick={() => run(async () => updateChannel((await customApi.toggle(channel.id, !channel.enabled)).channel))}
          >
            {channel.enabled ? 'Disable' : 'Enable'}
          </button>
        )}
        {channel.mine && (
          <button
            type="button"
            class="small"
            disabled={busy}
            data-testid="custom-refetch"
            onClick={() =>
              run(
                async () => {
                  const answer = await customApi.refetch(channel.id);
                  updateChannel(answer.channel);
                  return answer.changed ? 'The script changed: review it before it runs again.' : 'The script is unchanged.';
                },
                (note) => note,
              )
            }
          >
            Re-fetch
          </button>
        )}
        {isAdmin.value && (
          <button
            type="button"
            class="small"
            disabled={busy}
            onClick={() => run(async () => updateChannel((await customApi.share(channel.id, !channel.shared)).channel))}
          >
            {channel.shared ? 'Unshare' : 'Share with everyone'}
          </button>
        )}
        {channel.can_manage && (
          <button
            type="button"
            class="small danger"
            disabled={busy}
            data-testid="custom-delete"
            onClick={() =>
              run(async () => {
                if (!window.confirm(`Delete the channel "${channel.name}" for everyone?`)) return;
                await customApi.remove(channel.id);
                customChannels.value = (customChannels.value ?? []).filter((c) => c.id !== channel.id);
              })
            }
          >
            Delete
          </button>
        )}
      </div>
      {notice && <p class="notice">{notice}</p>}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function ManageChannels() {
  const [trusting, setTrusting] = useState<CustomChannel | null>(null);
  const list = customChannels.value;
  return (
    <div class="custom-manage" data-testid="custom-manage">
      <header class="conv-header">
        <div class="conv-title">
          <h1 id="panel-title">Custom channels</h1>
          <p class="conv-subtitle muted">JavaScript plugins that add their own panel to Chatter.</p>
        </div>
      </header>
      <div class="custom-manage-body">
        <AddChannelForm />
        <h2>Channels</h2>
        {customChannelsError.value && (
          <p class="error-box" role="alert">
            {customChannelsError.value}
          </p>
        )}
        {list === null && !customChannelsError.value && <p class="muted">Loading…</p>}
        {list && list.length === 0 && <p class="muted">No custom channels yet.</p>}
        {list && list.length > 0 && (
          <ul class="custom-rows" data-testid="custom-rows">
            {list.map((c) => (
              <ChannelRow key={c.id} channel={c} onTrust={setTrusting} />
            ))}
          </ul>
        )}
      </div>
      {trusting && <TrustDialog channel={trusting} onClose={() => setTrusting(null)} />}
    </div>
  );
}
