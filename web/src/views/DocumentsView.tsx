// Documents: the list (most recently edited first, with the user's role) and the open document.
import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../format';
import { EmptyPane } from '../messaging/Layout';
import { linkClick, navigate, route } from '../router';
import { currentUser } from '../state';
import { CreateDocDialog } from '../documents/CreateDocDialog';
import { DocEditor } from '../documents/Editor';
import { documents, documentsError, loadDocuments } from '../documents/store';

export function DocumentsView() {
  const rest = route.value.rest;
  const selected = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  const me = currentUser.value?.username ?? '';
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void loadDocuments();
  }, []);

  const docs = documents.value;
  return (
    <div class={selected !== null ? 'chat-layout has-selection' : 'chat-layout'}>
      <aside class="chat-list" aria-label="Documents">
        <div class="chat-list-head">
          <h2 class="chat-list-title">Documents</h2>
          <button type="button" class="small primary" onClick={() => setCreating(true)} data-testid="new-doc">
            New document
          </button>
        </div>
        {documentsError.value && (
          <p class="error-box" role="alert">
            {documentsError.value}
          </p>
        )}
        {docs === null && !documentsError.value && <p class="muted">Loading…</p>}
        {docs && docs.length === 0 && <p class="muted">No documents yet. Create one, or ask someone to add you to theirs.</p>}
        {docs && docs.length > 0 && (
          <ul class="chat-links doc-list" data-testid="doc-list">
            {docs.map((d) => {
              const path = `/documents/${d.id}`;
              const active = d.id === selected;
              return (
                <li key={d.id}>
                  <a
                    href={path}
                    class={active ? 'chat-link doc-link active' : 'chat-link doc-link'}
                    aria-current={active ? 'page' : undefined}
                    data-testid="doc-link"
                    data-doc-id={d.id}
                    onClick={(e) => linkClick(e, path)}
                  >
                    <span class="doc-link-main">
                      <span class="chat-link-text doc-link-name">{d.name}</span>
                      <span class="hint doc-link-meta">
                        {d.last_edited_at ? `edited ${formatTime(d.last_edited_at)}` : `created ${formatTime(d.created_at)}`}
                        {d.created_by !== me ? ` · by ${d.created_by}` : ''}
                      </span>
                    </span>
                    <span class={`badge role-${d.role}`} data-testid="doc-link-role">
                      {d.role}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </aside>
      <div class="chat-pane">
        {selected !== null && me ? (
          <DocEditor key={selected} docId={selected} me={me} />
        ) : (
          <EmptyPane>Choose a document, or create a new one to write together in real time.</EmptyPane>
        )}
      </div>
      {creating && (
        <CreateDocDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void loadDocuments();
            navigate(`/documents/${id}`);
          }}
        />
      )}
    </div>
  );
}
