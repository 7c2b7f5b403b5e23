// Revision history: newest first, view any revision's text, restore it (editors and the creator).
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { Modal } from '../messaging/Modal';
import { docApi, type DocRevision } from './api';

export function HistoryDialog({ docId, canRestore, onClose }: { docId: number; canRestore: boolean; onClose: () => void }) {
  const [revs, setRevs] = useState<DocRevision[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ revision: number; content: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function load(before?: number) {
    try {
      const r = await docApi.revisions(docId, before);
      const list = r.revisions ?? [];
      setRevs((old) => (before !== undefined && old ? [...old, ...list] : list));
      setMore(list.length >= 50 && list[list.length - 1]!.revision > 0);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void load();
  }, [docId]);

  async function show(rev: number) {
    setError(null);
    try {
      const r = await docApi.revision(docId, rev);
      setShown({ revision: r.revision, content: r.content });
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function restore(rev: number) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await docApi.restore(docId, rev);
      setDone(`Revision ${rev} was restored as the new revision ${r.revision}.`);
      setShown(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Revision history" onClose={onClose} testid="doc-history-dialog">
      {done && (
        <p class="success-box" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {revs === null && !error && <p class="muted">Loading…</p>}
      {revs && (
        <ul class="member-list doc-revisions">
          {revs.map((r) => (
            <li key={r.revision} data-testid="doc-revision">
              <span class="member-name">
                <strong>#{r.revision}</strong> {r.revision === 0 ? 'created' : r.username ?? 'unknown'}
                <span class="hint">
                  {' '}
                  {formatTime(r.created_at)} · {r.length} characters
                </span>
              </span>
              <span class="member-actions">
                <button type="button" class="small" onClick={() => void show(r.revision)}>
                  View
                </button>
                {canRestore && (
                  <button type="button" class="small" disabled={busy} onClick={() => void restore(r.revision)}>
                    Restore
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {more && revs && (
        <button type="button" class="small" onClick={() => void load(revs[revs.length - 1]!.revision)}>
          Older revisions
        </button>
      )}
      {shown && (
        <section aria-label={`Revision ${shown.revision}`}>
          <h3 class="modal-section">Revision {shown.revision}</h3>
          <pre class="doc-revision-text" data-testid="doc-revision-text">
            {shown.content}
          </pre>
        </section>
      )}
    </Modal>
  );
}
