// The composer of a conversation: text with reply, typing state, attachments (button, paste,
// drop onto the conversation; uploaded first, then sent as the message's `attachment`) and slash
// commands (a line starting with / runs as a command; its answer is shown only to the sender).
import { Icon } from '../icons';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { runCommand, uploadFile, type FileInfo } from '../files/api';
import type { ConversationAdapter } from './Conversation';
import type { ChatMessage } from './types';

const TYPING_SEND_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;

/** A command's answer, shown only in the sender's view of the conversation. */
export interface CommandNote {
  key: number;
  command: string;
  text: string;
  failed: boolean;
}

let nextNoteKey = 1;

/** The channel a conversation is about (for `/channel info`), from its adapter key. */
function channelOf(key: string): string | null {
  return key.startsWith('channel:') ? key.slice('channel:'.length) : null;
}

export function Composer({
  adapter,
  replyTo,
  clearReply,
  onSend,
  onCommand,
  dropped,
}: {
  adapter: ConversationAdapter;
  replyTo: ChatMessage | null;
  clearReply: () => void;
  onSend: (text: string, replyTo: number | null, attachment: string | null) => Promise<void>;
  onCommand: (note: CommandNote) => void;
  /** A file dropped onto the conversation: uploaded and attached. */
  dropped: { file: File } | null;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attachment, setAttachment] = useState<FileInfo | null>(null);
  const [upload, setUpload] = useState<{ name: string; progress: number; abort: () => void } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const typingRef = useRef<{ lastSent: number; idle: number | undefined }>({ lastSent: 0, idle: undefined });

  useEffect(() => {
    setText('');
    setError(null);
    setAttachment(null);
  }, [adapter.key]);

  useEffect(() => {
    if (dropped) attach(dropped.file);
  }, [dropped]);

  function attach(file: File) {
    upload?.abort();
    setError(null);
    // Pasted images come without a useful name.
    const name = file.name && file.name !== 'image.png' ? file.name : `pasted-${Date.now()}.${(file.type.split('/')[1] || 'png').replace(/[^a-z0-9]/g, '')}`;
    const handle = uploadFile(file, name, 86400, (progress) => setUpload((u) => (u ? { ...u, progress } : u)));
    setUpload({ name, progress: 0, abort: handle.abort });
    handle.promise.then(
      (f) => {
        setAttachment(f);
        setUpload(null);
        inputRef.current?.focus();
      },
      (err) => {
        setUpload(null);
        setError(errorMessage(err));
      },
    );
  }

  useEffect(() => {
    if (replyTo) inputRef.current?.focus();
  }, [replyTo]);

  function stopTyping() {
    const t = typingRef.current;
    window.clearTimeout(t.idle);
    if (t.lastSent) {
      t.lastSent = 0;
      adapter.sendTyping?.(false);
    }
  }

  useEffect(() => stopTyping, [adapter.key]);

  function onInput(value: string) {
    setText(value);
    if (!adapter.sendTyping) return;
    const t = typingRef.current;
    if (!value.trim()) {
      stopTyping();
      return;
    }
    const now = Date.now();
    if (now - t.lastSent >= TYPING_SEND_EVERY_MS) {
      t.lastSent = now;
      adapter.sendTyping(true);
    }
    window.clearTimeout(t.idle);
    t.idle = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  async function submit(e?: Event) {
    e?.preventDefault();
    const value = text;
    if ((!value.trim() && !attachment) || sending || upload) return;
    setSending(true);
    setError(null);
    stopTyping();
    try {
      if (value.trimStart().startsWith('/') && !attachment) {
        const command = value.trim();
        try {
          const answer = await runCommand(command, channelOf(adapter.key));
          onCommand({ key: nextNoteKey++, command, text: answer.text, failed: false });
        } catch (err) {
          onCommand({ key: nextNoteKey++, command, text: errorMessage(err), failed: true });
        }
        setText('');
        return;
      }
      await onSend(value, replyTo?.id ?? null, attachment?.url ?? null);
      setText('');
      setAttachment(null);
      clearReply();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
      inputRef.current?.focus();
    }
  }

  if (adapter.readOnly) {
    return (
      <p class="composer-readonly muted" data-testid="composer-readonly">
        {adapter.readOnly}
      </p>
    );
  }

  return (
    <form class="composer" onSubmit={submit} data-testid="composer">
      {error && (
        <p class="composer-error" role="alert" data-testid="send-error">
          {error}
        </p>
      )}
      {replyTo && (
        <div class="composer-reply" data-testid="replying-to">
          <span class="muted">Replying to</span> <strong>{replyTo.username}</strong>{' '}
          <span class="composer-reply-text">{replyTo.text.replace(/\s+/g, ' ').slice(0, 140)}</span>
          <button type="button" class="small" onClick={clearReply} aria-label="Cancel reply">
            Cancel
          </button>
        </div>
      )}
      {(upload || attachment) && (
        <div class="composer-attachment" data-testid="composer-attachment">
          {upload ? (
            <>
              <span class="muted">Uploading {upload.name}</span>
              <progress max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`} />
              <button type="button" class="small" onClick={upload.abort}>
                Cancel
              </button>
            </>
          ) : (
            attachment && (
              <>
                <span class="muted">Attached</span> <strong data-testid="attached-name">{attachment.name}</strong>
                <button type="button" class="small" onClick={() => setAttachment(null)} aria-label="Remove attachment">
                  Remove
                </button>
              </>
            )
          )}
        </div>
      )}
      <div class="composer-row">
        <input
          ref={fileRef}
          type="file"
          class="visually-hidden"
          data-testid="composer-file"
          tabIndex={-1}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) attach(file);
          }}
        />
        <button type="button" class="composer-attach with-icon" onClick={() => fileRef.current?.click()} aria-label="Attach a file" title="Attach a file">
          <Icon name="attach" />
        </button>
        <label class="visually-hidden" for="composer-input">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          value={text}
          rows={1}
          maxLength={4000}
          placeholder={adapter.placeholder}
          onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
          onPaste={(e) => {
            const file = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
            if (file) {
              e.preventDefault();
              attach(file);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) void submit(e);
            if (e.key === 'Escape' && replyTo) clearReply();
          }}
        />
        <button type="submit" class="primary" disabled={sending || Boolean(upload) || (!text.trim() && !attachment)}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      <p class="composer-hint hint">Enter sends, Shift+Enter starts a new line. Markdown is supported. Type /help for commands; paste or drop a file to attach it.</p>
    </form>
  );
}
