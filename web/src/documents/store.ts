// The document list, refreshed on load and whenever a membership event reaches this user.
import { signal } from '@preact/signals';
import { errorMessage } from '../api';
import { socket } from '../socket';
import { docApi, sortDocs, type DocSummary } from './api';

export const documents = signal<DocSummary[] | null>(null);
export const documentsError = signal<string | null>(null);

let loading: Promise<void> | null = null;

export function loadDocuments(): Promise<void> {
  if (loading) return loading;
  loading = docApi
    .list()
    .then((r) => {
      documents.value = sortDocs(r.documents ?? []);
      documentsError.value = null;
    })
    .catch((err) => {
      documentsError.value = errorMessage(err);
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

let timer: number | null = null;
function refreshSoon(): void {
  if (documents.value === null) return; // never shown yet
  if (timer !== null) return;
  timer = window.setTimeout(() => {
    timer = null;
    void loadDocuments();
  }, 200);
}

for (const ev of ['doc_member_added', 'doc_member_removed', 'doc_member_role_updated', 'doc_deleted']) {
  socket.on(ev, refreshSoon);
}

/** Local bump after an edit: the document moves to the top without a round trip. */
export function touchDocument(id: number, by: string | null): void {
  const list = documents.value;
  if (!list) return;
  const now = new Date().toISOString();
  documents.value = sortDocs(list.map((d) => (d.id === id ? { ...d, last_edited_at: now, last_edited_by: by } : d)));
}
