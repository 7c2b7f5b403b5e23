// The panel of one running custom channel: a header with its icon and name, the container the
// channel's init draws into, a log of notifications and command results, and a line for
// messages to the channel's stream and `/`-commands. An error from the channel shows here only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { socket } from '../socket';
import type { CustomChannel } from './api';
import { ChannelRuntime, type CustomMessage } from './runtime';

interface LogLine {
  id: number;
  kind: 'info' | 'error' | 'message';
  text: string;
}

let lineIds = 0;

export function ChannelPanel({
  channel,
  username,
  onLoaded,
}: {
  channel: CustomChannel;
  username: string;
  onLoaded: (id: number, icon: string | undefined) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const runtimeRef = useRef<ChannelRuntime | null>(null);
  const [status, setStatus] = useState<'loading' | 'running' | 'failed'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [log, setLog] = useState<LogLine[]>([]);
  const [draft, setDraft] = useState('');
  const [meta, setMeta] = useState<{ icon?: string; description?: string; version?: string }>({});

  useEffect(() => {
    const container = containerRef.current!;
    const append = (kind: LogLine['kind'], text: string) =>
      setLog((lines) => [...lines.slice(-199), { id: (lineIds += 1), kind, text }]);
    const runtime = new ChannelRuntime(channel, username, { log: append });
    runtimeRef.current = runtime;
    let active = true;

    const join = () => {
      socket.emit('custom_join', { channel_id: channel.id }, (ack: { ok?: boolean; error?: string } | undefined) => {
        if (active && ack && ack.ok === false) append('error', ack.error ?? 'Could not join the channel stream.');
      });
    };
    const onMessage = (data: CustomMessage) => {
      if (!data || data.channel_id !== channel.id) return;
      if (!runtime.message(data)) append('message', `${data.username}: ${data.text}`);
    };
    const onClosed = (data: { channel_id?: number }) => {
      if (data?.channel_id === channel.id) append('error', 'This channel was removed, disabled or is no longer shared with you.');
    };
    socket.on('custom_message', onMessage);
    socket.on('custom_channel_closed', onClosed);
    socket.on('connect', join);
    if (socket.connected) join();

    runtime
      .start(container)
      .then((definition) => {
        if (!active) return;
        setMeta({ icon: definition.icon, description: definition.description, version: definition.version });
        onLoaded(channel.id, typeof definition.icon === 'string' ? definition.icon : undefined);
        setStatus('running');
      })
      .catch((err: unknown) => {
        if (!active) return;
        setError(err instanceof Error ? err.message : String(err));
        setStatus('failed');
      });

    return () => {
      active = false;
      socket.off('custom_message', onMessage);
      socket.off('custom_channel_closed', onClosed);
      socket.off('connect', join);
      if (socket.connected) socket.emit('custom_leave', { channel_id: channel.id });
      runtime.stop();
      runtimeRef.current = null;
      container.replaceChildren();
    };
  }, [channel.id, channel.sha256]);

  async function submit(e: Event) {
    e.preventDefault();
    const text = draft.trim();
    const runtime = runtimeRef.current;
    if (!text || !runtime) return;
    setDraft('');
    if (text.startsWith('/')) {
      await runtime.command(text);
      return;
    }
    try {
      await runtime.utils().send(text);
    } catch (err) {
      setLog((lines) => [...lines, { id: (lineIds += 1), kind: 'error', text: err instanceof Error ? err.message : String(err) }]);
    }
  }

  return (
    <section class="custom-panel" data-testid="custom-panel" data-channel-id={channel.id} aria-labelledby="custom-panel-title">
      <header class="conv-header">
        <div class="conv-title">
          <h1 id="custom-panel-title">
            <span aria-hidden="true">{meta.icon ?? '🧩'}</span> {channel.name}
          </h1>
          <p class="conv-subtitle muted">
            {meta.description ? `${meta.description} · ` : ''}
            {meta.version ? `v${meta.version} · ` : ''}by {channel.owner}
          </p>
        </div>
      </header>
      {status === 'loading' && <p class="muted conv-status">Loading the channel…</p>}
      {error && (
        <div class="error-box conv-status" role="alert" data-testid="custom-error">
          {error}
        </div>
      )}
      <div class="custom-container" ref={containerRef} data-testid="custom-container" />
      {log.length > 0 && (
        <ul class="custom-log" aria-live="polite" data-testid="custom-log">
          {log.map((line) => (
            <li key={line.id} class={`custom-log-${line.kind}`}>
              {line.text}
            </li>
          ))}
        </ul>
      )}
      <form class="custom-command" onSubmit={submit}>
        <input
          type="text"
          value={draft}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          placeholder="Message this channel, or /command"
          aria-label={`Message or command for ${channel.name}`}
          data-testid="custom-command-input"
          disabled={status !== 'running'}
        />
        <button type="submit" disabled={status !== 'running' || !draft.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
