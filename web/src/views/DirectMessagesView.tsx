// Direct messages: recent peers and a "new message" form on the left, the conversation right.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { navigate } from '../router';
import { socket } from '../socket';
import { currentUser } from '../state';
import { emitAck, msgApi } from '../messaging/client';
import { Conversation, PAGE_SIZE, type ConversationAdapter } from '../messaging/Conversation';
import { ChatLayout, ConversationHeader, EmptyPane, ListLink } from '../messaging/Layout';
import { CallButton } from '../voice/CallButton';
import { dmRoom } from '../voice/types';
import { PinsButton } from '../messaging/Pins';
import { dmKey, messagingConfig, onlineUsers, useActiveConversation } from '../messaging/store';
import { fromDirect, type DirectMessage } from '../messaging/types';
import { sameName } from '../users/names';

export function DirectMessagesView({ rest }: { rest: string[] }) {
  const me = currentUser.value?.username ?? '';
  const [peers, setPeers] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newPeer, setNewPeer] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const selected = rest[0] ?? null;

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      msgApi
        .dmPeers()
        .then((list) => {
          if (!cancelled) {
            setPeers(Array.isArray(list) ? list : []);
            setError(null);
          }
        })
        .catch((err) => !cancelled && setError(errorMessage(err)));
    void load();
    // A new message moves its conversation to the top (or adds it).
    const onNew = (m: DirectMessage) => {
      if (!m) return;
      const peer = sameName(m.from_user, me) ? m.to_user : m.from_user;
      setPeers((old) => [peer, ...(old ?? []).filter((p) => !sameName(p, peer))]);
    };
    socket.on('dm_new', onNew);
    socket.on('connect', load);
    return () => {
      cancelled = true;
      socket.off('dm_new', onNew);
      socket.off('connect', load);
    };
  }, [me]);

  useActiveConversation(selected ? dmKey(selected) : null);

  function startDm(e: Event) {
    e.preventDefault();
    const name = newPeer.trim();
    setFormError(null);
    if (!name) return;
    if (sameName(name, me)) {
      setFormError('You cannot send direct messages to yourself.');
      return;
    }
    setNewPeer('');
    navigate(`/dm/${encodeURIComponent(name)}`);
  }

  const list = (
    <>
      <h2 class="chat-list-title">Direct messages</h2>
      <form class="start-form" onSubmit={startDm} data-testid="start-dm">
        <label for="dm-peer" class="visually-hidden">
          Username to message
        </label>
        <input
          id="dm-peer"
          value={newPeer}
          placeholder="Username"
          autoComplete="off"
          onInput={(e) => setNewPeer((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Message</button>
      </form>
      {formError && (
        <p class="error-box" role="alert">
          {formError}
        </p>
      )}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      <DmPrivacy />
      {!peers && !error && <p class="muted">Loading…</p>}
      {peers && peers.length === 0 && <p class="muted">No conversations yet.</p>}
      <ul class="chat-links" data-testid="dm-peers">
        {peers?.map((p) => (
          <ListLink
            key={p}
            path={`/dm/${encodeURIComponent(p)}`}
            active={selected !== null && sameName(p, selected)}
            unreadKey={dmKey(p)}
            testid={`dm-peer-${p}`}
          >
            {onlineUsers.value.some((u) => sameName(u, p)) && <span class="online-dot" title="Online" aria-label="online" />}
            {p}
          </ListLink>
        ))}
      </ul>
    </>
  );

  return (
    <ChatLayout label="Direct messages" list={list} selected={Boolean(selected)}>
      {selected ? <DmConversation peer={selected} me={me} /> : <EmptyPane>Choose a conversation or message someone by username.</EmptyPane>}
    </ChatLayout>
  );
}

function DmConversation({ peer, me }: { peer: string; me: string }) {
  const config = messagingConfig.value;
  const involves = (ev: { from_user?: string; to_user?: string }) =>
    Boolean(ev) &&
    ((sameName(ev.from_user ?? '', peer) && sameName(ev.to_user ?? '', me)) ||
      (sameName(ev.from_user ?? '', me) && sameName(ev.to_user ?? '', peer)));

  const adapter = useMemo<ConversationAdapter>(
    () => ({
      key: `dm:${peer.toLowerCase()}`,
      kind: 'dm',
      load: async (before) => {
        const list = await msgApi.dmMessages(peer, before, PAGE_SIZE);
        return (Array.isArray(list) ? list : []).map(fromDirect);
      },
      send: async (text, replyTo, attachment) => {
        const ack = await emitAck<{ message?: DirectMessage }>('dm_send', { to: peer, text, attachment, reply_to: replyTo });
        return ack.message ? fromDirect(ack.message) : null;
      },
      edit: async (id, text) => {
        const ack = await emitAck<{ message?: DirectMessage }>('dm_edit', { id, text });
        return ack.message ? fromDirect(ack.message) : null;
      },
      remove: async (id) => {
        await emitAck('dm_delete', { id });
      },
      subscribe: (h) => {
        const onNew = (m: DirectMessage) => involves(m) && h.added(fromDirect(m));
        const onEdit = (ev: { id: number; from_user: string; to_user: string; text: string }) =>
          involves(ev) && h.edited(Number(ev.id), ev.text);
        const onDelete = (ev: { id: number; from_user: string; to_user: string }) => involves(ev) && h.deleted(Number(ev.id));
        const onTyping = (ev: { from: string; to: string; typing?: boolean }) => {
          if (ev && sameName(ev.from ?? '', peer)) h.typing(ev.from, ev.typing !== false);
        };
        socket.on('dm_new', onNew);
        socket.on('dm_edit', onEdit);
        socket.on('dm_delete', onDelete);
        socket.on('dm_typing', onTyping);
        return () => {
          socket.off('dm_new', onNew);
          socket.off('dm_edit', onEdit);
          socket.off('dm_delete', onDelete);
          socket.off('dm_typing', onTyping);
        };
      },
      canEdit: (m) => sameName(m.username, me),
      canDelete: (m) => sameName(m.username, me),
      sendTyping: (typing) => {
        if (socket.connected) socket.emit('dm_typing', { to: peer, typing }, () => undefined);
      },
      placeholder: `Message ${peer}`,
      empty: `No messages with ${peer} yet.`,
    }),
    [peer, me],
  );

  let readOnly: string | null = null;
  if (config && !config.dm_enabled) readOnly = 'Direct messages are switched off by an administrator.';
  else if (config?.maintenance_mode) readOnly = 'The server is in maintenance mode: no new messages for now.';

  const online = onlineUsers.value.some((u) => sameName(u, peer));
  return (
    <Conversation
      adapter={{ ...adapter, readOnly, canPin: true }}
      header={
        <ConversationHeader
          title={peer}
          subtitle={online ? 'Online' : 'Offline'}
          backPath="/dm"
          backLabel="Back to direct messages"
          actions={
            <>
              <PinsButton scope={{ kind: 'dm', param: 'peer', value: peer }} canPin />
              <CallButton room={dmRoom(me, peer)} label={peer} />
            </>
          }
        />
      }
      notice={
        config?.dm_logging ? (
          <p class="notice dm-log-notice" role="note" data-testid="dm-logging-notice">
            Direct messages on this server are logged: administrators can read them.
          </p>
        ) : null
      }
    />
  );
}

/** Who may start a DM with me: everyone or nobody (GET/POST /api/dm/settings). */
function DmPrivacy() {
  const [allow, setAllow] = useState<'everyone' | 'nobody' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    msgApi
      .dmSettings()
      .then((r) => setAllow(r.allow_dms))
      .catch(() => setAllow(null));
  }, []);
  if (allow === null) return null;
  async function change(value: 'everyone' | 'nobody') {
    setError(null);
    try {
      setAllow((await msgApi.setDmSettings(value)).allow_dms);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div class="dm-privacy">
      <label for="dm-allow" class="hint">
        Accept direct messages from
      </label>
      <select id="dm-allow" value={allow} onChange={(e) => void change((e.target as HTMLSelectElement).value as 'everyone' | 'nobody')}>
        <option value="everyone">Everyone</option>
        <option value="nobody">Nobody</option>
      </select>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
