// The open document: collaborative <textarea>, who is here and where, Markdown preview,
// members, history and export.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { ConversationHeader } from '../messaging/Layout';
import { renderMarkdown } from '../messaging/markdown';
import { navigate } from '../router';
import { docApi } from './api';
import { HistoryDialog } from './HistoryDialog';
import { MembersDialog } from './MembersDialog';
import { DocSession, lineCol } from './session';
import { loadDocuments, touchDocument } from './store';

const COLORS = ['#d9480f', '#2b8a3e', '#1971c2', '#9c36b5', '#c2255c', '#0b7285', '#5f3dc4', '#e67700'];
function colorOf(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

export function DocEditor({ docId, me }: { docId: number; me: string }) {
  const session = useMemo(() => new DocSession(docId, me), [docId, me]);
  useEffect(() => () => session.dispose(), [session]);
  const taRef = useRef<HTMLTextAreaElement>(null);
  const [dialog, setDialog] = useState<'members' | 'history' | null>(null);
  const [showPreview, setShowPreview] = useState(true);
  const [preview, setPreview] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const status = session.status.value;
  const role = session.role.value;
  const text = session.text.value;
  const readOnly = role === 'viewer' || status !== 'ready';

  // Attach after every render that shows the textarea (it is re-created after a close/reopen).
  useEffect(() => {
    if (taRef.current) session.attach(taRef.current);
  });

  // The preview follows the text with a short delay (large documents).
  useEffect(() => {
    const t = window.setTimeout(() => setPreview(text), 150);
    return () => window.clearTimeout(t);
  }, [text]);

  // Bump the list entry when this document changes.
  const revision = session.revision.value;
  useEffect(() => {
    if (revision > 0) touchDocument(docId, null);
  }, [revision]);

  useEffect(() => {
    if (status === 'closed') void loadDocuments();
  }, [status]);

  const title = session.name.value || `Document ${docId}`;

  if (status === 'closed') {
    return (
      <div class="conversation">
        <ConversationHeader title={title} backPath="/documents" backLabel="Back to the document list" />
        <div class="doc-closed" data-testid="doc-closed">
          <p class="notice" role="alert" data-testid="doc-notice">
            {session.notice.value ?? 'This document is closed.'}
          </p>
          <button type="button" onClick={() => navigate('/documents')}>
            Back to the document list
          </button>
        </div>
      </div>
    );
  }

  const cursors = session.cursors.value;
  const others = session.users.value.filter((u) => u !== me);
  const isCreator = role === 'creator';

  async function deleteDoc() {
    if (!window.confirm(`Delete “${title}” for everyone? This cannot be undone.`)) return;
    try {
      await docApi.remove(docId);
      await loadDocuments();
      navigate('/documents');
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  }

  const sync = session.syncState.value;
  return (
    <div class="conversation doc-editor" data-testid="doc-editor">
      <ConversationHeader
        title={
          <>
            {title}
            {role && (
              <span class={`badge role-${role}`} data-testid="doc-role">
                {role}
              </span>
            )}
          </>
        }
        subtitle={
          status === 'joining'
            ? 'Opening…'
            : `Revision ${revision} · ${sync === 'synchronized' ? 'all changes saved' : 'saving…'}`
        }
        backPath="/documents"
        backLabel="Back to the document list"
        actions={
          <>
            <button type="button" class="small" aria-pressed={showPreview} onClick={() => setShowPreview(!showPreview)}>
              Preview
            </button>
            <button type="button" class="small" onClick={() => setDialog('members')}>
              Members
            </button>
            <button type="button" class="small" onClick={() => setDialog('history')}>
              History
            </button>
            <details class="doc-export">
              <summary class="small">Export</summary>
              <div class="doc-export-menu">
                <a href={docApi.exportUrl(docId, 'md')} download>
                  Markdown (.md)
                </a>
                <a href={docApi.exportUrl(docId, 'txt')} download>
                  Plain text (.txt)
                </a>
                <a href={docApi.exportUrl(docId, 'html')} download>
                  HTML (.html)
                </a>
              </div>
            </details>
            {isCreator && (
              <button type="button" class="small danger" onClick={() => void deleteDoc()}>
                Delete
              </button>
            )}
          </>
        }
      />
      {session.notice.value && (
        <p class="notice doc-banner" role="status" data-testid="doc-notice">
          {session.notice.value}{' '}
          <button type="button" class="link" onClick={() => (session.notice.value = null)}>
            Dismiss
          </button>
        </p>
      )}
      {(session.error.value || deleteError) && (
        <p class="error-box doc-banner" role="alert">
          {session.error.value || deleteError}
        </p>
      )}
      <div class="doc-presence" data-testid="doc-presence" aria-label="People in this document">
        <span class="muted">Here:</span>
        <span class="doc-user me">
          <span class="doc-dot" style={{ background: colorOf(me) }} aria-hidden="true" />
          {me} (you)
        </span>
        {others.map((u) => {
          const c = cursors[u];
          const where = c ? lineCol(text, c.position) : null;
          return (
            <span class="doc-user" key={u} data-testid="doc-user" data-username={u}>
              <span class="doc-dot" style={{ background: colorOf(u) }} aria-hidden="true" />
              {u}
              {where && (
                <span class="hint" data-testid="doc-user-cursor">
                  {' '}
                  line {where.line}, col {where.col}
                  {c && c.selection_end !== c.position ? ` (${Math.abs(c.selection_end - c.position)} selected)` : ''}
                </span>
              )}
            </span>
          );
        })}
      </div>
      <div class={showPreview ? 'doc-body with-preview' : 'doc-body'}>
        <div class="doc-edit-col">
          <label for="doc-textarea" class="visually-hidden">
            Document text
          </label>
          <textarea
            id="doc-textarea"
            ref={taRef}
            class="doc-textarea"
            data-testid="doc-textarea"
            readOnly={readOnly}
            aria-readonly={readOnly}
            spellcheck={false}
            placeholder={status === 'joining' ? 'Opening…' : role === 'viewer' ? '' : 'Write Markdown here…'}
          />
          {role === 'viewer' && (
            <p class="hint" data-testid="doc-readonly">
              You are a viewer: this document is read-only for you.
            </p>
          )}
        </div>
        {showPreview && (
          <section class="doc-preview msg-body" aria-label="Preview" data-testid="doc-preview">
            {/* renderMarkdown is the sanitising renderer (markdown-it without HTML + DOMPurify). */}
            <div dangerouslySetInnerHTML={{ __html: renderMarkdown(preview) }} />
          </section>
        )}
      </div>
      {dialog === 'members' && <MembersDialog docId={docId} isCreator={isCreator} onClose={() => setDialog(null)} />}
      {dialog === 'history' && (
        <HistoryDialog docId={docId} canRestore={role === 'editor' || role === 'creator'} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
