// One open group: its messages over gdm_* events, the header (pins, call, members) and the
// members dialog.
import { useMemo, useRef, useState } from 'preact/hooks';
import { socket } from '../../socket';
import { currentUser } from '../../state';
import { emitAck, msgApi } from '../../messaging/client';
import { Conversation, PAGE_SIZE, type ConversationAdapter } from '../../messaging/Conversation';
import { ConversationHeader } from '../../messaging/Layout';
import { PinsButton } from '../../messaging/Pins';
import { messagingConfig } from '../../messaging/store';
import { fromGroup, type GroupMessage, type GroupThread } from '../../messaging/types';
import { sameName } from '../../users/names';
import { CallButton } from '../../voice/CallButton';
import { gdmRoom } from '../../voice/types';
import { MembersDialog } from './MembersDialog';

export function GroupConversation({
  tid,
  thread,
  threadsLoaded,
  onChanged,
}: {
  tid: number;
  thread: GroupThread | null;
  threadsLoaded: boolean;
  onChanged: () => void;
}) {
  const me = currentUser.value?.username ?? '';
  const config = messagingConfig.value;
  const [showMembers, setShowMembers] = useState(false);
  const ownerRef = useRef<string | null>(thread?.created_by ?? null);
  ownerRef.current = thread?.created_by ?? null;

  const adapter = useMemo<ConversationAdapter>(
    () => ({
      key: `group:${tid}`,
      kind: 'gdm',
      load: async (before) => {
        const list = await msgApi.groupMessages(tid, before, PAGE_SIZE);
        return (Array.isArray(list) ? list : []).map(fromGroup);
      },
      send: async (text, replyTo, attachment) => {
        const ack = await emitAck<{ message?: GroupMessage }>('gdm_send', { thread_id: tid, text, attachment, reply_to: replyTo });
        return ack.message ? fromGroup(ack.message) : null;
      },
      edit: async (id, text) => {
        const ack = await emitAck<{ message?: GroupMessage }>('gdm_edit', { id, text });
        return ack.message ? fromGroup(ack.message) : null;
      },
      remove: async (id) => {
        await emitAck('gdm_delete', { id });
      },
      subscribe: (h) => {
        const here = (ev: { thread_id?: number | string }) => Boolean(ev) && Number(ev.thread_id) === tid;
        const onNew = (m: GroupMessage) => here(m) && h.added(fromGroup(m));
        const onEdit = (ev: { id: number; thread_id: number; text: string }) => here(ev) && h.edited(Number(ev.id), ev.text);
        const onDelete = (ev: { id: number; thread_id: number }) => here(ev) && h.deleted(Number(ev.id));
        const onTyping = (ev: { from: string; thread_id: number; typing?: boolean }) => {
          if (here(ev) && ev.from && !sameName(ev.from, me)) h.typing(ev.from, ev.typing !== false);
        };
        socket.on('gdm_new', onNew);
        socket.on('gdm_edit', onEdit);
        socket.on('gdm_delete', onDelete);
        socket.on('gdm_typing', onTyping);
        return () => {
          socket.off('gdm_new', onNew);
          socket.off('gdm_edit', onEdit);
          socket.off('gdm_delete', onDelete);
          socket.off('gdm_typing', onTyping);
        };
      },
      canEdit: (m) => sameName(m.username, me),
      canDelete: (m) => sameName(m.username, me) || (ownerRef.current !== null && sameName(ownerRef.current, me)),
      sendTyping: (typing) => {
        if (socket.connected) socket.emit('gdm_typing', { thread_id: tid, typing }, () => undefined);
      },
      placeholder: 'Message the group',
      empty: 'No messages in this group yet.',
    }),
    [tid, me],
  );

  let readOnly: string | null = null;
  if (config && !config.gdm_enabled) readOnly = 'Groups are switched off by an administrator.';
  else if (config?.maintenance_mode) readOnly = 'The server is in maintenance mode: no new messages for now.';
  else if (thread && Boolean(thread.locked)) readOnly = 'This group is locked by an administrator: no new messages.';

  if (threadsLoaded && !thread) {
    return (
      <div class="chat-empty">
        <p class="error-box" role="alert">
          This group does not exist or you are not a member.
        </p>
      </div>
    );
  }

  // The group's owner pins (docs/api-messaging.md, "Pins").
  const canPin = thread !== null && sameName(thread.created_by, me);
  return (
    <>
      <Conversation
        adapter={{ ...adapter, readOnly, canPin }}
        header={
          <ConversationHeader
            title={thread?.name ?? 'Group'}
            subtitle={thread ? `${thread.members.length} members · owner ${thread.created_by}` : undefined}
            backPath="/groups"
            backLabel="Back to the group list"
            actions={
              <>
                <PinsButton scope={{ kind: 'gdm', param: 'tid', value: String(tid) }} canPin={canPin} />
                <CallButton room={gdmRoom(tid)} label={thread?.name ?? 'the group'} />
                <button type="button" class="small" onClick={() => setShowMembers(true)} data-testid="group-members-button">
                  Members
                </button>
              </>
            }
          />
        }
      />
      {showMembers && <MembersDialog tid={tid} onClose={() => setShowMembers(false)} onChanged={onChanged} />}
    </>
  );
}
