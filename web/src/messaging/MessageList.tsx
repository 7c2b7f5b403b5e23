// The message list shared by the channel, DM and group views: Markdown bodies (sanitised),
// reply quotes, edit in place, two-step delete, reporting others' messages, and upward infinite
// scroll handled by the caller through `onNearTop`.
import { Icon } from '../icons';
import type { Ref } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { attachmentName, looksLikeImage } from '../files/api';
import { formatTime } from '../format';
import { renderMarkdown } from './markdown';
import { PinAction, PinnedMarker } from './Pins';
import { QUICK_REACTIONS, reactionsOf, toggleReaction, type MessageKind } from './reactions';
import { ReportMessageDialog } from './Report';
import type { ChatMessage } from './types';

interface ItemProps {
  meName: string;
  kind: MessageKind;
  message: ChatMessage;
  mine: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canPin: boolean;
  onReply: (m: ChatMessage) => void;
  onEdit: (m: ChatMessage, text: string) => Promise<void>;
  onDelete: (m: ChatMessage) => Promise<void>;
  onJump: (id: number) => void;
}

function isSafeAttachment(path: string | null): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//');
}

/**
 * An attachment: images inline (downloads carry a sandbox CSP and nosniff, so even a mislabelled
 * file cannot run script here), anything else — or an image that fails to load, e.g. expired — as
 * a download card.
 */
function Attachment({ url }: { url: string }) {
  const [broken, setBroken] = useState(false);
  const name = attachmentName(url);
  if (looksLikeImage(url) && !broken) {
    return (
      <a class="msg-image-link" href={url} target="_blank" rel="noopener noreferrer" data-testid="attachment-image">
        <img class="msg-image" src={url} alt={name} loading="lazy" onError={() => setBroken(true)} />
      </a>
    );
  }
  return (
    <a class="file-card" href={url} download={name} target="_blank" rel="noopener noreferrer" data-testid="attachment-card">
      <span class="file-card-icon" aria-hidden="true">
        <Icon name="documents" />
      </span>
      <span class="file-card-name">{name}</span>
      <span class="file-card-action muted">Download</span>
    </a>
  );
}

function MessageBody({ text }: { text: string }) {
  // renderMarkdown: markdown-it with html:false, then DOMPurify with an allow-list.
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div class="msg-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Reaction chips under a message: click to add or remove your own. */
function Reactions({ kind, id, me, onError }: { kind: MessageKind; id: number; me: string; onError: (e: string | null) => void }) {
  const map = reactionsOf(kind, id);
  if (!map) return null;
  const entries = Object.entries(map);
  if (entries.length === 0) return null;
  return (
    <div class="reactions" data-testid="reactions">
      {entries.map(([emoji, users]) => {
        const mine = users.some((u) => u.toLowerCase() === me.toLowerCase());
        return (
          <button
            key={emoji}
            type="button"
            class={mine ? 'reaction mine' : 'reaction'}
            aria-pressed={mine}
            title={users.join(', ')}
            data-testid="reaction"
            onClick={() => {
              onError(null);
              toggleReaction(kind, id, emoji).catch((err) => onError(errorMessage(err)));
            }}
          >
            <span class="reaction-emoji">{emoji}</span> <span class="reaction-count">{users.length}</span>
          </button>
        );
      })}
    </div>
  );
}

function MessageItem({ meName, kind, message: m, mine, canEdit, canDelete, canPin, onReply, onEdit, onDelete, onJump }: ItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [reporting, setReporting] = useState(false);

  async function react(emoji: string) {
    setPicking(false);
    setError(null);
    try {
      await toggleReaction(kind, m.id, emoji);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function save(e: Event) {
    e.preventDefault();
    if (draft.trim() === m.text.trim()) {
      setEditing(false);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onEdit(m, draft);
      setEditing(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await onDelete(m);
    } catch (err) {
      setError(errorMessage(err));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class={mine ? 'msg mine' : 'msg'} id={`msg-${m.id}`} data-testid="message" data-id={m.id}>
      <div class="msg-avatar" aria-hidden="true">
        {m.username.slice(0, 1).toUpperCase()}
      </div>
      <div class="msg-main">
        <div class="msg-head">
          <span class="msg-author" data-testid="message-author">
            {m.username}
          </span>
          <time class="msg-time" dateTime={m.created_at}>
            {formatTime(m.created_at)}
          </time>
          {m.edited && <span class="msg-edited">(edited)</span>}
          <PinnedMarker kind={kind} id={m.id} />
        </div>
        {m.reply_to !== null && (
          <button type="button" class="msg-quote" onClick={() => onJump(m.reply_to!)} data-testid="message-quote">
            <span class="msg-quote-author">{m.reply_username ?? 'Unknown'}</span>{' '}
            <span class="msg-quote-text">{m.reply_snippet ?? 'Original message was deleted'}</span>
          </button>
        )}
        {editing ? (
          <form class="msg-edit" onSubmit={save}>
            <label class="visually-hidden" for={`edit-${m.id}`}>
              Edit message
            </label>
            <textarea
              id={`edit-${m.id}`}
              value={draft}
              rows={Math.min(8, Math.max(2, draft.split('\n').length))}
              maxLength={4000}
              onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) void save(e);
              }}
            />
            <div class="msg-edit-actions">
              <button type="submit" class="primary" disabled={busy || !draft.trim()}>
                Save
              </button>
              <button type="button" onClick={() => setEditing(false)} disabled={busy}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <MessageBody text={m.text} />
        )}
        {isSafeAttachment(m.attachment) && <Attachment url={m.attachment} />}
        <Reactions kind={kind} id={m.id} me={meName} onError={setError} />
        {picking && (
          <div class="reaction-picker" role="group" aria-label="Pick a reaction">
            {QUICK_REACTIONS.map((e) => (
              <button key={e} type="button" class="small" onClick={() => void react(e)} aria-label={`React with ${e}`}>
                {e}
              </button>
            ))}
          </div>
        )}
        {error && (
          <p class="msg-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!editing && (
        <div class="msg-actions">
          <button type="button" class="small" onClick={() => onReply(m)} aria-label={`Reply to ${m.username}`}>
            Reply
          </button>
          <button type="button" class="small" onClick={() => setPicking(!picking)} aria-expanded={picking}>
            React
          </button>
          {canPin && <PinAction kind={kind} id={m.id} onError={setError} />}
          {!mine && (
            <button type="button" class="small" onClick={() => setReporting(true)}>
              Report
            </button>
          )}
          {canEdit && (
            <button
              type="button"
              class="small"
              onClick={() => {
                setDraft(m.text);
                setEditing(true);
                setConfirming(false);
              }}
            >
              Edit
            </button>
          )}
          {canDelete &&
            (confirming ? (
              <>
                <button type="button" class="small danger" onClick={remove} disabled={busy}>
                  Confirm delete
                </button>
                <button type="button" class="small" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" class="small danger" onClick={() => setConfirming(true)}>
                Delete
              </button>
            ))}
        </div>
      )}
      {reporting && <ReportMessageDialog kind={kind} messageId={m.id} author={m.username} onClose={() => setReporting(false)} />}
    </li>
  );
}

export interface MessageListProps {
  kind: MessageKind;
  messages: ChatMessage[];
  me: string;
  canEdit: (m: ChatMessage) => boolean;
  canDelete: (m: ChatMessage) => boolean;
  /** Whether the server lets this user pin messages here (the action is hidden otherwise). */
  canPin?: boolean;
  onReply: (m: ChatMessage) => void;
  onEdit: (m: ChatMessage, text: string) => Promise<void>;
  onDelete: (m: ChatMessage) => Promise<void>;
  onScroll: (e: Event) => void;
  scrollRef: Ref<HTMLDivElement>;
  /** Shown above the first message: "loading older", "start of conversation", an error. */
  header: preact.ComponentChildren;
  empty: string;
}

export function MessageList(props: MessageListProps) {
  const { messages, me } = props;
  function jump(id: number) {
    const el = document.getElementById(`msg-${id}`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.classList.add('flash');
      window.setTimeout(() => el.classList.remove('flash'), 1200);
    }
  }
  return (
    <div class="msg-scroller" ref={props.scrollRef} onScroll={props.onScroll} data-testid="message-list">
      <div class="msg-content">
      <div class="msg-history-head">{props.header}</div>
      {messages.length === 0 ? (
        <p class="muted msg-empty">{props.empty}</p>
      ) : (
        <ol class="msg-list" aria-label="Messages">
          {messages.map((m) => (
            <MessageItem
              key={m.id}
              meName={me}
              kind={props.kind}
              message={m}
              mine={m.username.toLowerCase() === me.toLowerCase()}
              canEdit={props.canEdit(m)}
              canDelete={props.canDelete(m)}
              canPin={Boolean(props.canPin)}
              onReply={props.onReply}
              onEdit={props.onEdit}
              onDelete={props.onDelete}
              onJump={jump}
            />
          ))}
        </ol>
      )}
      </div>
    </div>
  );
}
