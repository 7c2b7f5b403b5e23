// Public channels: channel list and online users on the left, the open channel on the right.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { navigate } from '../router';
import { socket } from '../socket';
import { currentUser, isAdmin } from '../state';
import { emitAck, msgApi } from '../messaging/client';
import { Conversation, PAGE_SIZE, type ConversationAdapter } from '../messaging/Conversation';
import { ChatLayout, ConversationHeader, EmptyPane, ListHead, ListLink, ListStatus, OnlineList } from '../messaging/Layout';
import { Modal } from '../messaging/Modal';
import { PinsButton } from '../messaging/Pins';
import { publicPinning } from '../messaging/pins';
import { channelKey, messagingConfig, useActiveConversation } from '../messaging/store';
import { fromPublic, type Channel, type PublicMessage } from '../messaging/types';

function wideScreen(): boolean {
  return window.matchMedia?.('(min-width: 721px)').matches ?? true;
}

export function ChannelsView({ rest }: { rest: string[] }) {
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const selected = rest[0]?.toLowerCase() ?? null;

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      msgApi
        .channels()
        .then((r) => {
          if (!cancelled) {
            setChannels(r.channels);
            setError(null);
          }
        })
        .catch((err) => !cancelled && setError(errorMessage(err)));
    void load();
    const events = ['channel_created', 'channel_updated', 'channel_deleted', 'connect'];
    for (const e of events) socket.on(e, load);
    return () => {
      cancelled = true;
      for (const e of events) socket.off(e, load);
    };
  }, []);

  // Desktop without a selection: open the first channel (general on a fresh install).
  useEffect(() => {
    if (!selected && channels && channels.length > 0 && wideScreen()) {
      const first = channels.find((c) => c.name === 'general') ?? channels[0];
      navigate(`/channels/${encodeURIComponent(first.name)}`, true);
    }
  }, [selected, channels]);

  useActiveConversation(selected ? channelKey(selected) : null);

  const channel = channels?.find((c) => c.name === selected) ?? null;

  const list = (
    <>
      <ListHead title="Channels">
        {isAdmin.value && (
          <button type="button" class="small" onClick={() => setEditing('new')} data-testid="new-channel">
            New channel
          </button>
        )}
      </ListHead>
      <ListStatus items={channels} error={error} />
      <ul class="chat-links" data-testid="channel-list">
        {channels?.map((c) => (
          <ListLink
            key={c.id}
            path={`/channels/${encodeURIComponent(c.name)}`}
            active={c.name === selected}
            unreadKey={channelKey(c.name)}
            testid={`channel-${c.name}`}
          >
            # {c.name}
          </ListLink>
        ))}
      </ul>
      <OnlineList />
    </>
  );

  return (
    <ChatLayout label="Channels" list={list} selected={Boolean(selected)}>
      {selected ? (
        <ChannelConversation name={selected} channel={channel} onManage={channel && isAdmin.value ? () => setEditing(channel) : null} />
      ) : (
        <EmptyPane>Choose a channel.</EmptyPane>
      )}
      {editing && (
        <ChannelDialog
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            setChannels((old) => [...(old ?? []).filter((x) => x.id !== c.id), c].sort((x, y) => x.name.localeCompare(y.name)));
            navigate(`/channels/${encodeURIComponent(c.name)}`);
          }}
          onDeleted={(c) => {
            setEditing(null);
            setChannels((old) => (old ?? []).filter((x) => x.id !== c.id));
            navigate('/channels', true);
          }}
        />
      )}
    </ChatLayout>
  );
}

/** Admins: create a channel, or change/delete one. */
function ChannelDialog({
  channel,
  onClose,
  onSaved,
  onDeleted,
}: {
  channel: Channel | null;
  onClose: () => void;
  onSaved: (c: Channel) => void;
  onDeleted: (c: Channel) => void;
}) {
  const [name, setName] = useState(channel?.name ?? '');
  const [topic, setTopic] = useState(channel?.topic ?? '');
  const [announce, setAnnounce] = useState(Boolean(channel?.announcements_only));
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={channel ? `Channel # ${channel.name}` : 'New channel'} onClose={onClose} testid="channel-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = channel
              ? await msgApi.updateChannel(channel.id, { name: name.trim(), topic, announcements_only: announce })
              : await msgApi.createChannel(name.trim(), topic, announce);
            onSaved(r.channel);
          });
        }}
      >
        <div class="field">
          <label for="channel-name">Name</label>
          <input id="channel-name" value={name} maxLength={32} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <span class="hint">Up to 32 characters: a–z, 0–9, - and _.</span>
        </div>
        <div class="field">
          <label for="channel-topic">Topic</label>
          <input id="channel-topic" value={topic} maxLength={300} onInput={(e) => setTopic((e.target as HTMLInputElement).value)} />
        </div>
        <label class="check">
          <input type="checkbox" checked={announce} onChange={(e) => setAnnounce((e.target as HTMLInputElement).checked)} /> Announcements only
          (only administrators post)
        </label>
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <p class="modal-admin-actions">
          <button type="submit" class="primary" disabled={busy || !name.trim()}>
            {channel ? 'Save' : 'Create channel'}
          </button>
          {channel &&
            (confirm ? (
              <button type="button" class="danger" disabled={busy} onClick={() => void run(async () => {
                await msgApi.deleteChannel(channel.id);
                onDeleted(channel);
              })}>
                Really delete # {channel.name} and its messages
              </button>
            ) : (
              <button type="button" class="danger" disabled={busy} onClick={() => setConfirm(true)}>
                Delete channel
              </button>
            ))}
        </p>
      </form>
    </Modal>
  );
}

function ChannelConversation({ name, channel, onManage }: { name: string; channel: Channel | null; onManage: (() => void) | null }) {
  const me = currentUser.value?.username.toLowerCase() ?? '';
  const admin = isAdmin.value;
  const config = messagingConfig.value;

  let readOnly: string | null = null;
  if (config && !config.public_enabled) readOnly = 'Public channels are switched off by an administrator.';
  else if (config?.maintenance_mode) readOnly = 'The server is in maintenance mode: no new messages for now.';
  else if (!admin && (config?.announcements_only || (channel && Boolean(channel.announcements_only))))
    readOnly = 'Only administrators can post in this channel.';

  const adapter = useMemo<ConversationAdapter>(
    () => ({
      key: `channel:${name}`,
      kind: 'public',
      load: async (before) => (await msgApi.channelMessages(name, before, PAGE_SIZE)).messages.map(fromPublic),
      send: async (text, replyTo, attachment) => {
        const ack = await emitAck<{ message?: PublicMessage }>('send_message', {
          channel: name,
          text,
          ...(attachment ? { attachment } : {}),
          ...(replyTo ? { reply_to: replyTo } : {}),
        });
        return ack.message ? fromPublic(ack.message) : null;
      },
      edit: async (id, text) => {
        const ack = await emitAck<{ message?: PublicMessage }>('edit_message', { id, text });
        return ack.message ? fromPublic(ack.message) : null;
      },
      remove: async (id) => {
        await emitAck('delete_message', { id });
      },
      subscribe: (h) => {
        const isHere = (ev: { channel?: string }) => ev && ev.channel?.toLowerCase() === name;
        const onNew = (m: PublicMessage) => isHere(m) && h.added(fromPublic(m));
        const onEdit = (ev: { id: number; channel: string; text: string }) => isHere(ev) && h.edited(Number(ev.id), ev.text);
        const onDelete = (ev: { id: number; channel: string }) => isHere(ev) && h.deleted(Number(ev.id));
        socket.on('new_message', onNew);
        socket.on('message_edited', onEdit);
        socket.on('message_deleted', onDelete);
        return () => {
          socket.off('new_message', onNew);
          socket.off('message_edited', onEdit);
          socket.off('message_deleted', onDelete);
        };
      },
      canEdit: (m) => m.username.toLowerCase() === me || admin,
      canDelete: (m) => m.username.toLowerCase() === me || admin,
      readOnly: null,
      placeholder: `Message #${name}`,
      empty: 'No messages yet. Say hello!',
    }),
    [name, me, admin],
  );

  const canPin = admin && publicPinning.value;
  return (
    <Conversation
      adapter={{ ...adapter, readOnly, canPin }}
      header={
        <ConversationHeader
          title={`# ${name}`}
          subtitle={channel?.topic || undefined}
          backPath="/channels"
          backLabel="Back to the channel list"
          actions={
            <>
              <PinsButton scope={{ kind: 'public', param: 'channel', value: name }} canPin={canPin} />
              {onManage && (
                <button type="button" class="small" onClick={onManage} data-testid="manage-channel">
                  Manage
                </button>
              )}
            </>
          }
        />
      }
    />
  );
}
