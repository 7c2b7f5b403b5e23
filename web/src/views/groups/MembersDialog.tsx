// The members dialog of a group: rename, add, remove, kick, transfer ownership and the invite
// link for its owner, lock and delete for administrators, and "Leave group" for other members.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api';
import { formatTime } from '../../format';
import { msgApi, type ThreadInfo } from '../../messaging/client';
import { Modal } from '../../messaging/Modal';
import { navigate } from '../../router';
import { socket } from '../../socket';
import { currentUser, isAdmin } from '../../state';
import { parseNames, sameName } from '../../users/names';

const EXPIRY_CHOICES: { label: string; seconds: number }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '24 hours', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
  { label: '30 days', seconds: 30 * 86400 },
];

export function MembersDialog({ tid, onClose, onChanged }: { tid: number; onClose: () => void; onChanged: () => void }) {
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

  const owner = info ? sameName(info.created_by, me) : false;

  /** One request at a time (the busy flag); a failure shows the server's sentence. */
  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  /** A change to the group: says `done`, then reloads the group list and this dialog. */
  const act = (fn: () => Promise<unknown>, done: string) =>
    run(async () => {
      await fn();
      setStatus(done);
      onChanged();
      await load();
    });

  const createInvite = () =>
    run(async () => {
      const r = await msgApi.createInvite(tid, expiry);
      setInvite({ url: r.invite_url, expires: r.expires_at });
    });

  /** Deleting or leaving the group: on success the dialog closes and the group list shows. */
  async function exit(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChanged();
      onClose();
      navigate('/groups');
    } catch (err) {
      setError(errorMessage(err));
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
              const isOwner = sameName(u, info.created_by);
              return (
                <li key={u}>
                  <span class="member-name">
                    {u}
                    {isOwner && <span class="badge">owner</span>}
                    {sameName(u, me) && <span class="muted"> (you)</span>}
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
                      .filter((u) => !sameName(u, info.created_by))
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
                  <button type="button" class="danger" disabled={busy} onClick={() => exit(() => msgApi.deleteGroup(tid))}>
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

          {!owner && info.members.some((u) => sameName(u, me)) && (
            <p class="modal-footer-actions">
              <button type="button" class="danger" disabled={busy} onClick={() => exit(() => msgApi.leave(tid))}>
                Leave group
              </button>
            </p>
          )}
        </>
      )}
    </Modal>
  );
}
