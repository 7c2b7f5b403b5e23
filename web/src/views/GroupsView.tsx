// Group conversations: my groups and "new group" on the left, the open group on the right
// (groups/GroupConversation, with its members dialog), and the /join/<code> route that joins a
// group by invitation once signed in.
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { navigate } from '../router';
import { socket } from '../socket';
import { msgApi } from '../messaging/client';
import { ChatLayout, EmptyPane, ListHead, ListLink, ListStatus } from '../messaging/Layout';
import { groupKey, useActiveConversation } from '../messaging/store';
import type { GroupMessage, GroupThread } from '../messaging/types';
import { CreateGroupDialog } from './groups/CreateGroupDialog';
import { GroupConversation } from './groups/GroupConversation';
import { JoinByInvite } from './groups/JoinByInvite';

export function GroupsView({ rest, inviteCode }: { rest: string[]; inviteCode: string | null }) {
  const [threads, setThreads] = useState<GroupThread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const tidParam = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  const selectedRef = useRef<number | null>(tidParam);
  selectedRef.current = tidParam;

  const reload = () =>
    msgApi
      .threads()
      .then((list) => {
        setThreads(Array.isArray(list) ? list : []);
        setError(null);
      })
      .catch((err) => setError(errorMessage(err)));

  useEffect(() => {
    void reload();
    const onRefresh = (ev: { tid?: number; removed?: boolean; deleted?: number } | undefined) => {
      void reload();
      const current = selectedRef.current;
      if (!ev || current === null) return;
      if (Number(ev.deleted) === current) {
        setNotice('This group was deleted.');
        navigate('/groups', true);
      } else if (Number(ev.tid) === current && ev.removed) {
        setNotice('You are no longer a member of that group.');
        navigate('/groups', true);
      }
    };
    socket.on('gdm_threads_refresh', onRefresh);
    socket.on('connect', reload);
    // A message in a group moves it to the top of the list.
    const onNew = (m: GroupMessage) =>
      setThreads((old) => {
        if (!old) return old;
        const i = old.findIndex((t) => t.id === Number(m.thread_id));
        if (i <= 0) {
          if (i < 0) void reload();
          return old;
        }
        return [old[i], ...old.slice(0, i), ...old.slice(i + 1)];
      });
    socket.on('gdm_new', onNew);
    return () => {
      socket.off('gdm_threads_refresh', onRefresh);
      socket.off('connect', reload);
      socket.off('gdm_new', onNew);
    };
  }, []);

  useActiveConversation(tidParam !== null ? groupKey(tidParam) : null);
  useEffect(() => {
    if (tidParam !== null) setNotice(null);
  }, [tidParam]);

  const thread = threads?.find((t) => t.id === tidParam) ?? null;

  const list = (
    <>
      <ListHead title="Groups">
        <button type="button" class="small" onClick={() => setCreating(true)} data-testid="new-group">
          New group
        </button>
      </ListHead>
      <ListStatus items={threads} error={error} empty="You are not in any group yet." />
      <ul class="chat-links" data-testid="group-list">
        {threads?.map((t) => (
          <ListLink key={t.id} path={`/groups/${t.id}`} active={t.id === tidParam} unreadKey={groupKey(t.id)} testid={`group-${t.id}`}>
            {t.name}
            {Boolean(t.locked) && <span class="muted"> (locked)</span>}
          </ListLink>
        ))}
      </ul>
    </>
  );

  let pane;
  if (inviteCode) pane = <JoinByInvite code={inviteCode} onJoined={reload} />;
  else if (tidParam !== null) pane = <GroupConversation tid={tidParam} thread={thread} threadsLoaded={threads !== null} onChanged={reload} />;
  else
    pane = (
      <EmptyPane>
        {notice ? (
          <span role="status" data-testid="group-notice">
            {notice}
          </span>
        ) : (
          'Choose a group, or create one.'
        )}
      </EmptyPane>
    );

  return (
    <ChatLayout label="Groups" list={list} selected={Boolean(inviteCode) || tidParam !== null}>
      {pane}
      {creating && (
        <CreateGroupDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void reload();
            navigate(`/groups/${id}`);
          }}
        />
      )}
    </ChatLayout>
  );
}
