// Group conversations: my groups and "new group" on the left, the open group on the right,
// a members dialog (rename, add, remove, kick, transfer, invite link, leave), and the
// /join/<code> route that joins a group by invitation once signed in.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { linkClick, navigate } from '../router';
import { socket } from '../socket';
import { currentUser, isAdmin } from '../state';
import { emitAck, msgApi, type ThreadInfo } from '../messaging/client';
import { Conversation, PAGE_SIZE, type ConversationAdapter } from '../messaging/Conversation';
import { ChatLayout, ConversationHeader, EmptyPane, ListLink } from '../messaging/Layout';
import { CallButton } from '../voice/CallButton';
import { gdmRoom } from '../voice/types';
import { PinsButton } from '../messaging/Pins';
import { Modal } from '../messaging/Modal';
import { activeConversation, groupKey, messagingConfig } from '../messaging/store';
import { fromGroup, type GroupMessage, type GroupThread } from '../messaging/types';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function parseNames(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => s.replace(/^@/, '').trim())
    .filter(Boolean);
}

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

  useEffect(() => {
    activeConversation.value = tidParam !== null ? groupKey(tidParam) : null;
    if (tidParam !== null) setNotice(null);
    return () => {
      activeConversation.value = null;
    };
  }, [tidParam]);

  const thread = threads?.find((t) => t.id === tidParam) ?? null;

  const list = (
    <>
      <div class="chat-list-head">
        <h2 class="chat-list-title">Groups</h2>
        <button type="button" class="small" onClick={() => setCreating(true)} data-testid="new-group">
          New group
        </button>
      </div>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {!threads && !error && <p class="muted">Loading…</p>}
      {threads && threads.length === 0 && <p class="muted">You are not in any group yet.</p>}
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

function CreateGroupDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const names = parseNames(members);
    if (names.length === 0) {
      setError('Add at least one other member.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await msgApi.createThread(name.trim(), names);
      onCreated(Number(r.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="New group" onClose={onClose} testid="create-group-dialog">
      <form onSubmit={submit}>
        <div class="field">
          <label for="group-name">Group name (optional)</label>
          <input id="group-name" value={name} maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="group-members">Members</label>
          <input
            id="group-members"
            value={members}
            placeholder="alice, bob"
            autoComplete="off"
            onInput={(e) => setMembers((e.target as HTMLInputElement).value)}
          />
          <span class="hint">Usernames separated by commas or spaces.</span>
        </div>
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create group'}
        </button>
      </form>
    </Modal>
  );
}

function JoinByInvite({ code, onJoined }: { code: string; onJoined: () => Promise<unknown> }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setError(null);
    msgApi
      .joinInvite(code)
      .then(async (r) => {
        if (cancelled) return;
        // Load the group list first, so the group is known when its view opens.
        await onJoined();
        if (!cancelled) navigate(`/groups/${Number(r.thread_id)}`, true);
      })
      .catch((err) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <div class="chat-empty" data-testid="invite-join">
      {error ? (
        <div>
          <p class="error-box" role="alert">
            Could not join the group: {error}
          </p>
          <a href="/groups" onClick={(e) => linkClick(e, '/groups')}>
            Go to your groups
          </a>
        </div>
      ) : (
        <p class="muted" role="status">
          Joining the group…
        </p>
      )}
    </div>
  );
}

function GroupConversation({
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
          if (here(ev) && ev.from && !same(ev.from, me)) h.typing(ev.from, ev.typing !== false);
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
      canEdit: (m) => same(m.username, me),
      canDelete: (m) => same(m.username, me) || (ownerRef.current !== null && same(ownerRef.current, me)),
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
  const canPin = thread !== null && same(thread.created_by, me);
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

const EXPIRY_CHOICES: { label: string; seconds: number }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '24 hours', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
  { label: '30 days', seconds: 30 * 86400 },
];

function MembersDialog({ tid, onClose, onChanged }: { tid: number; onClose: () => void; onChanged: () => void }) {
  const me = currentUser.value?.username ?? '';
  const admin = isAdmin.value;
  const [info, setInfo] = useState<ThreadInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [adding, setAdding] = useState('');
  const [newOwner, setNewOwner] = useState('');
  const [expiry, setExpiry] = useState(86400);
  const [invite, setInvite] = useState<{ url: string; expires: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const load = () =>
    msgApi
      .threadInfo(tid)
      .then((r) => {
        setInfo(r);
        setName(r.name);
      })
      .catch((err) => setError(errorMessage(err)));

  useEffect(() => {
    void load();
    const onRefresh = (ev: { tid?: number } | undefined) => {
      if (ev && Number(ev.tid) === tid) void load();
    };
    socket.on('gdm_threads_refresh', onRefresh);
    return () => socket.off('gdm_threads_refresh', onRefresh);
  }, [tid]);

  const owner = info ? same(info.created_by, me) : false;

  async function act(fn: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await fn();
      setStatus(done);
      onChanged();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function createInvite() {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const r = await msgApi.createInvite(tid, expiry);
      setInvite({ url: r.invite_url, expires: r.expires_at });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function copyInvite() {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.url);
      setStatus('Invite link copied.');
    } catch {
      const input = document.getElementById('invite-url') as HTMLInputElement | null;
      input?.select();
      setStatus('Select the link and copy it (Ctrl+C).');
    }
  }

  return (
    <Modal title="Group members" onClose={onClose} testid="members-dialog">
      {!info && !error && <p class="muted">Loading…</p>}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {status && (
        <p class="success-box" role="status">
          {status}
        </p>
      )}
      {info && (
        <>
          {owner && (
            <form
              class="inline-row"
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => msgApi.rename(tid, name.trim()), 'Group renamed.');
              }}
            >
              <div class="field grow">
                <label for="group-rename">Group name</label>
                <input id="group-rename" value={name} maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
              </div>
              <button type="submit" disabled={busy || !name.trim() || name.trim() === info.name}>
                Rename
              </button>
            </form>
          )}

          <h3 class="modal-section">Members ({info.members.length})</h3>
          <ul class="member-list" data-testid="member-list">
            {info.members.map((u) => {
              const isOwner = same(u, info.created_by);
              return (
                <li key={u}>
                  <span class="member-name">
                    {u}
                    {isOwner && <span class="badge">owner</span>}
                    {same(u, me) && <span class="muted"> (you)</span>}
                  </span>
                  {!isOwner && (owner || admin) && (
                    <span class="member-actions">
                      <button type="button" class="small" disabled={busy} onClick={() => act(() => msgApi.removeMember(tid, u), `${u} was removed.`)}>
                        Remove
                      </button>
                      {owner && (
                        <button
                          type="button"
                          class="small danger"
                          disabled={busy}
                          title="Remove and ban from rejoining by invite"
                          onClick={() => act(() => msgApi.kick(tid, u), `${u} was kicked and cannot rejoin by invite.`)}
                        >
                          Kick
                        </button>
                      )}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>

          {owner && (
            <>
              <form
                class="inline-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  const names = parseNames(adding);
                  if (names.length === 0) return;
                  void act(async () => {
                    await msgApi.addMembers(tid, names);
                    setAdding('');
                  }, 'Members added.');
                }}
              >
                <div class="field grow">
                  <label for="group-add">Add members</label>
                  <input id="group-add" value={adding} placeholder="Usernames" autoComplete="off" onInput={(e) => setAdding((e.target as HTMLInputElement).value)} />
                </div>
                <button type="submit" disabled={busy || !adding.trim()}>
                  Add
                </button>
              </form>

              <form
                class="inline-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (newOwner) void act(() => msgApi.transfer(tid, newOwner), `${newOwner} is now the owner.`);
                }}
              >
                <div class="field grow">
                  <label for="group-transfer">Transfer ownership to</label>
                  <select id="group-transfer" value={newOwner} onChange={(e) => setNewOwner((e.target as HTMLSelectElement).value)}>
                    <option value="">Choose a member</option>
                    {info.members
                      .filter((u) => !same(u, info.created_by))
                      .map((u) => (
                        <option key={u} value={u}>
                          {u}
                        </option>
                      ))}
                  </select>
                </div>
                <button type="submit" disabled={busy || !newOwner}>
                  Transfer
                </button>
              </form>

              <h3 class="modal-section">Invite link</h3>
              <div class="inline-row">
                <div class="field grow">
                  <label for="invite-expiry">Link expires after</label>
                  <select id="invite-expiry" value={String(expiry)} onChange={(e) => setExpiry(Number((e.target as HTMLSelectElement).value))}>
                    {EXPIRY_CHOICES.map((c) => (
                      <option key={c.seconds} value={String(c.seconds)}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" onClick={createInvite} disabled={busy} data-testid="create-invite">
                  Create link
                </button>
              </div>
              {invite && (
                <div class="invite-box">
                  <div class="token-row">
                    <label for="invite-url" class="visually-hidden">
                      Invite link
                    </label>
                    <input id="invite-url" readOnly value={invite.url} data-testid="invite-url" onFocus={(e) => (e.target as HTMLInputElement).select()} />
                    <button type="button" onClick={copyInvite}>
                      Copy
                    </button>
                  </div>
                  <p class="hint">
                    Single use; expires {formatTime(invite.expires)}.
                  </p>
                </div>
              )}
            </>
          )}

          {admin && (
            <>
              <h3 class="modal-section">Administration</h3>
              <p class="modal-admin-actions">
                {Boolean(info.locked) ? (
                  <button type="button" disabled={busy} onClick={() => act(() => msgApi.unlock(tid), 'The group is unlocked.')}>
                    Unlock group
                  </button>
                ) : (
                  <button type="button" disabled={busy} onClick={() => act(() => msgApi.lock(tid), 'The group is locked: no new messages.')}>
                    Lock group
                  </button>
                )}
                {confirmDelete ? (
                  <button
                    type="button"
                    class="danger"
                    disabled={busy}
                    onClick={async () => {
                      setBusy(true);
                      setError(null);
                      try {
                        await msgApi.deleteGroup(tid);
                        onChanged();
                        onClose();
                        navigate('/groups');
                      } catch (err) {
                        setError(errorMessage(err));
                        setBusy(false);
                      }
                    }}
                  >
                    Really delete the group and its messages
                  </button>
                ) : (
                  <button type="button" class="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
                    Delete group
                  </button>
                )}
              </p>
            </>
          )}

          {!owner && info.members.some((u) => same(u, me)) && (
            <p class="modal-footer-actions">
              <button
                type="button"
                class="danger"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  setError(null);
                  try {
                    await msgApi.leave(tid);
                    onChanged();
                    onClose();
                    navigate('/groups');
                  } catch (err) {
                    setError(errorMessage(err));
                    setBusy(false);
                  }
                }}
              >
                Leave group
              </button>
            </p>
          )}
        </>
      )}
    </Modal>
  );
}
