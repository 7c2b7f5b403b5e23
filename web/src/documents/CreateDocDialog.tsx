// "New document": name, initial content and members with roles.
import { useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { Modal } from '../messaging/Modal';
import { docApi } from './api';

interface Row {
  key: number;
  username: string;
  role: 'viewer' | 'editor';
}

let rowKey = 0;

export function CreateDocDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const [name, setName] = useState('');
  const [content, setContent] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function update(key: number, patch: Partial<Row>) {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the document a name.');
      return;
    }
    const members = rows.filter((r) => r.username.trim()).map((r) => ({ username: r.username.trim(), role: r.role }));
    setBusy(true);
    setError(null);
    try {
      const r = await docApi.create(name.trim(), content, members);
      onCreated(Number(r.id ?? r.doc_id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="New document" onClose={onClose} testid="create-doc-dialog">
      <form onSubmit={submit}>
        <div class="field">
          <label for="doc-name">Name</label>
          <input id="doc-name" value={name} maxLength={100} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="doc-content">Initial content (Markdown, optional)</label>
          <textarea
            id="doc-content"
            rows={5}
            value={content}
            onInput={(e) => setContent((e.target as HTMLTextAreaElement).value)}
          />
        </div>
        <fieldset class="doc-members-fieldset">
          <legend>Members</legend>
          {rows.length === 0 && <p class="hint">Only you, until you add people. You can add members later too.</p>}
          {rows.map((r, i) => (
            <div class="inline-row" key={r.key} data-testid="create-member-row">
              <div class="field grow">
                <label for={`doc-member-${r.key}`}>Username {i + 1}</label>
                <input
                  id={`doc-member-${r.key}`}
                  value={r.username}
                  autoComplete="off"
                  onInput={(e) => update(r.key, { username: (e.target as HTMLInputElement).value })}
                />
              </div>
              <div class="field">
                <label for={`doc-member-role-${r.key}`}>Role</label>
                <select
                  id={`doc-member-role-${r.key}`}
                  value={r.role}
                  onChange={(e) => update(r.key, { role: (e.target as HTMLSelectElement).value as Row['role'] })}
                >
                  <option value="editor">Editor</option>
                  <option value="viewer">Viewer</option>
                </select>
              </div>
              <button type="button" class="small" aria-label={`Remove member row ${i + 1}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" class="small" onClick={() => setRows((rs) => [...rs, { key: ++rowKey, username: '', role: 'editor' }])}>
            Add member
          </button>
        </fieldset>
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create document'}
        </button>
      </form>
    </Modal>
  );
}
