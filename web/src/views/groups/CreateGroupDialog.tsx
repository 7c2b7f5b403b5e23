// "New group": an optional name and at least one other member (POST /api/gdm/threads).
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api';
import { msgApi } from '../../messaging/client';
import { Modal } from '../../messaging/Modal';
import { parseNames } from '../../users/names';

export function CreateGroupDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
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
