// Voice: the channels admins defined (with who is in each), the current call with its
// participants, mute and speaking indicators, and calls someone started with me.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { currentUser, isAdmin } from '../state';
import { socket } from '../socket';
import { voiceApi } from '../voice/api';
import { joinVoice, leaveVoice, peerStates, ringing, rooms, setMuted, speaking, voice } from '../voice/session';
import { roomLabel, type VoiceChannelDetail } from '../voice/types';
import '../voice/voice.css';

export function VoiceView() {
  const [channels, setChannels] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      const list = await voiceApi.channels();
      const known: Record<string, VoiceChannelDetail['participants']> = { ...rooms.value };
      for (const d of list.details) known[d.name] = d.participants;
      rooms.value = known;
      setChannels(list.channels);
      setError(null);
    } catch (err) {
      setChannels([]);
      setError(errorMessage(err));
    }
  }

  useEffect(() => {
    void load();
    const refresh = () => void load();
    socket.on('voice_channels_changed', refresh);
    socket.on('connect', refresh);
    return () => {
      socket.off('voice_channels_changed', refresh);
      socket.off('connect', refresh);
    };
  }, []);

  const state = voice.value;
  return (
    <div class="panel voice-panel">
      <header class="panel-header">
        <h1 id="panel-title">Voice</h1>
        <p class="muted">Talk with your microphone. Audio goes directly between browsers.</p>
      </header>
      <Ring />
      {state.error && (
        <p class="error-box" role="alert" data-testid="voice-error">
          {state.error}
        </p>
      )}
      {state.channel && <CurrentCall />}
      <section class="card" aria-labelledby="voice-channels-title">
        <div class="card-header">
          <h2 id="voice-channels-title">Channels</h2>
        </div>
        {error && (
          <p class="error-box" role="alert" data-testid="voice-list-error">
            {error}
          </p>
        )}
        {channels === null && !error && <p class="muted">Loading…</p>}
        {channels && channels.length === 0 && !error && <p class="muted">No voice channels yet.</p>}
        <ul class="voice-channels" data-testid="voice-channels">
          {channels?.map((name) => (
            <ChannelRow key={name} name={name} onDeleted={() => void load()} />
          ))}
        </ul>
        {isAdmin.value && <CreateChannel onCreated={() => void load()} />}
      </section>
    </div>
  );
}

function ChannelRow({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const state = voice.value;
  const here = state.channel === name;
  const people = rooms.value[name] ?? [];
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    if (!confirm(`Delete the voice channel "${name}"? Everyone in it is disconnected.`)) return;
    try {
      await voiceApi.remove(name);
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <li class={here ? 'voice-channel active' : 'voice-channel'} data-testid={`voice-channel-${name}`}>
      <div class="voice-channel-head">
        <span class="voice-channel-name"># {name}</span>
        <span class="hint">{people.length === 0 ? 'empty' : people.map((p) => p.username).join(', ')}</span>
        <span class="voice-channel-actions">
          {here ? (
            <button type="button" class="small" onClick={() => leaveVoice()} data-testid="voice-leave">
              Leave
            </button>
          ) : (
            <button
              type="button"
              class="small primary"
              disabled={state.busy}
              onClick={() => void joinVoice(name)}
              data-testid="voice-join"
            >
              Join
            </button>
          )}
          {isAdmin.value && (
            <button type="button" class="small danger" onClick={() => void remove()} aria-label={`Delete ${name}`}>
              Delete
            </button>
          )}
        </span>
      </div>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function CurrentCall() {
  const state = voice.value;
  const me = currentUser.value?.username ?? null;
  const talking = speaking.value;
  const states = peerStates.value;
  return (
    <section class="card voice-call" aria-labelledby="voice-call-title" data-testid="voice-call">
      <div class="card-header">
        <h2 id="voice-call-title">{roomLabel(state.channel ?? '', me)}</h2>
        <span class="voice-call-actions">
          <button
            type="button"
            class="small"
            aria-pressed={state.muted}
            onClick={() => setMuted(!state.muted)}
            data-testid="voice-mute"
          >
            {state.muted ? 'Unmute' : 'Mute'}
          </button>
          <button type="button" class="small danger" onClick={() => leaveVoice()} data-testid="voice-hangup">
            Leave
          </button>
        </span>
      </div>
      <ul class="voice-participants" data-testid="voice-participants" aria-live="polite">
        {state.participants.map((p) => {
          const self = p.id === state.selfId;
          const link = self ? null : (states[p.id] ?? 'new');
          return (
            <li
              key={p.id}
              class={talking.has(p.id) ? 'voice-participant speaking' : 'voice-participant'}
              data-testid="voice-participant"
              data-username={p.username}
              data-speaking={talking.has(p.id) ? 'true' : 'false'}
              data-connection={link ?? 'self'}
            >
              <span class="voice-dot" aria-hidden="true" />
              <span class="voice-participant-name">
                {p.username}
                {self ? ' (you)' : ''}
              </span>
              {p.muted && <span class="badge">muted</span>}
              {talking.has(p.id) && <span class="visually-hidden">speaking</span>}
              {link && link !== 'connected' && <span class="hint">{link}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Ring() {
  const ring = ringing.value;
  const me = currentUser.value?.username ?? null;
  if (!ring || voice.value.channel === ring.channel) return null;
  return (
    <div class="notice voice-ring" role="status" data-testid="voice-ring">
      <span>
        {ring.from} started a call: {roomLabel(ring.channel, me)}
      </span>
      <button type="button" class="small primary" onClick={() => void joinVoice(ring.channel)}>
        Join
      </button>
      <button type="button" class="small" onClick={() => (ringing.value = null)}>
        Dismiss
      </button>
    </div>
  );
}

function CreateChannel({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await voiceApi.create(name.trim());
      setName('');
      onCreated();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="inline-form" onSubmit={(e) => void submit(e)}>
      <label>
        New channel
        <input
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          maxLength={32}
          pattern="[A-Za-z0-9_\-]+"
          required
          data-testid="voice-new-name"
        />
      </label>
      <button type="submit" class="small primary" disabled={busy}>
        Create
      </button>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
