// Members of a document: everyone sees the list; the creator adds, changes roles and removes.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { Modal } from '../messaging/Modal';
import { docApi, type DocMember } from './api';

export function MembersDialog({ docId, isCreator, onClose }: { docId: number; isCreator: boolean; onClose: () => void }) {
  const [members, setMembers] = useState<DocMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'viewer' | 'editor'>('editor');

  async function load() {
    try {
      const r = await docApi.members(docId);
      setMembers(r.members ?? []);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void load();
  }, [docId]);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Document members" onClose={onClose} testid="doc-members-dialog">
      {members === null && !error && <p class="muted">Loading…</p>}
      {members && (
        <ul class="member-list" data-testid="doc-member-list">
          {members.map((m) => (
            <li key={m.username} data-testid="doc-member">
              <span class="member-name">
                {m.username}
                <span class={`badge role-${m.role}`}>{m.role}</span>
                <span class="hint"> added {formatTime(m.added_at)}</span>
              </span>
              {isCreator && m.role !== 'creator' && (
                <span class="member-actions">
                  <label class="visually-hidden" for={`role-${m.username}`}>
                    Role of {m.username}
                  </label>
                  <select
                    id={`role-${m.username}`}
                    value={m.role}
                    disabled={busy}
                    onChange={(e) => {
                      const r = (e.target as HTMLSelectElement).value as 'viewer' | 'editor';
                      void run(() => docApi.updateRole(docId, m.username, r));
                    }}
                  >
                    <option value="editor">Editor</option>
                    <option value="viewer">Viewer</option>
                  </select>
                  <button
                    type="button"
                    class="small danger"
                    disabled={busy}
                    aria-label={`Remove ${m.username}`}
                    onClick={() => void run(() => docApi.removeMember(docId, m.username))}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {isCreator && (
        <form
          class="inline-row"
          onSubmit={(e) => {
            e.preventDefault();
            const u = username.trim();
            if (!u) return;
            void run(async () => {
              await docApi.addMember(docId, u, role);
              setUsername('');
            });
          }}
        >
          <div class="field grow">
            <label for="doc-add-member">Add member</label>
            <input id="doc-add-member" value={username} autoComplete="off" onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="doc-add-role">Role</label>
            <select id="doc-add-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as 'viewer' | 'editor')}>
              <option value="editor">Editor</option>
              <option value="viewer">Viewer</option>
            </select>
          </div>
          <button type="submit" disabled={busy}>
            Add
          </button>
        </form>
      )}
      {!isCreator && <p class="hint">Only the creator of the document can change its members.</p>}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
