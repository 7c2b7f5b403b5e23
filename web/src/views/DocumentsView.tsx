// Documents: the list (most recently edited first, with the user's role) and the open document.
import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../format';
import { EmptyPane, ListStatus } from '../messaging/Layout';
import { navigate, route } from '../router';
import { currentUser } from '../state';
import { CreateDocDialog } from '../documents/CreateDocDialog';
import { DocEditor } from '../documents/Editor';
import { documents, documentsError, loadDocuments } from '../documents/store';
import { SidebarList } from './SidebarList';

export function DocumentsView() {
  const rest = route.value.rest;
  const selected = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  const me = currentUser.value?.username ?? '';
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void loadDocuments();
  }, []);

  const docs = documents.value;
  const entries =
    docs && docs.length > 0
      ? docs.map((d) => ({
          id: d.id,
          path: `/documents/${d.id}`,
          content: (
            <>
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
            </>
          ),
        }))
      : null;
  return (
    <>
      <SidebarList
        title="Documents"
        action={
          <button type="button" class="small primary" onClick={() => setCreating(true)} data-testid="new-doc">
            New document
          </button>
        }
        selected={selected}
        status={
          <ListStatus
            items={docs}
            error={documentsError.value}
            empty="No documents yet. Create one, or ask someone to add you to theirs."
          />
        }
        entries={entries}
        listClass="doc-list"
        linkClass="doc-link"
        listTestid="doc-list"
        linkTestid="doc-link"
        idAttribute="data-doc-id"
      >
        {selected !== null && me ? (
          <DocEditor key={selected} docId={selected} me={me} />
        ) : (
          <EmptyPane>Choose a document, or create a new one to write together in real time.</EmptyPane>
        )}
      </SidebarList>
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
    </>
  );
}
