// One conversation (channel, DM or group): history with upward infinite scroll, live events,
// composer with reply, typing indicator. The views describe their conversation with an adapter.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { socket } from '../socket';
import { currentUser } from '../state';
import { Composer, type CommandNote } from './Composer';
import { MessageList } from './MessageList';
import { loadReactions, type MessageKind } from './reactions';
import type { ChatMessage } from './types';

export const PAGE_SIZE = 50;

export interface LiveHandlers {
  added: (m: ChatMessage) => void;
  edited: (id: number, text: string) => void;
  deleted: (id: number) => void;
  typing: (user: string, typing: boolean) => void;
}

export interface ConversationAdapter {
  /** Changes when the conversation changes; everything is reloaded then. */
  key: string;
  /** The `message_type` of reactions for this conversation. */
  kind: MessageKind;
  load: (before: number | null) => Promise<ChatMessage[]>;
  /** `attachment`: the url of one of the sender's uploaded files, or null. */
  send: (text: string, replyTo: number | null, attachment: string | null) => Promise<ChatMessage | null>;
  edit: (id: number, text: string) => Promise<ChatMessage | null>;
  remove: (id: number) => Promise<void>;
  /** Registers socket listeners for this conversation; returns the cleanup. */
  subscribe: (h: LiveHandlers) => () => void;
  canEdit: (m: ChatMessage) => boolean;
  canDelete: (m: ChatMessage) => boolean;
  /** Whether this user may pin and unpin messages here. */
  canPin?: boolean;
  /** Sends a typing state, when the conversation kind has typing indicators. */
  sendTyping?: (typing: boolean) => void;
  /** When set, the composer is replaced by this sentence. */
  readOnly?: string | null;
  placeholder: string;
  empty: string;
}

const TYPING_SHOW_MS = 5000;

function mergeById(list: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  for (const m of list) byId.set(m.id, m);
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export function Conversation({ adapter, header, notice }: { adapter: ConversationAdapter; header: ComponentChildren; notice?: ComponentChildren }) {
  const me = currentUser.value?.username ?? '';
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [typers, setTypers] = useState<Record<string, number>>({});
  const [notes, setNotes] = useState<CommandNote[]>([]);
  const [dropped, setDropped] = useState<{ file: File } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const adapterRef = useRef(adapter);
  adapterRef.current = adapter;
  /** After a render: 'bottom' to stick to the end, or a height to keep the view when prepending. */
  const pendingScroll = useRef<'bottom' | { height: number; top: number } | null>(null);
  /** True while the reader is at the end of the list. */
  const stickRef = useRef(true);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  function nearBottom(): boolean {
    const el = scrollRef.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 120;
  }

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const p = pendingScroll.current;
    if (!el || !p) return;
    pendingScroll.current = null;
    if (p === 'bottom') {
      el.scrollTop = el.scrollHeight;
      stickRef.current = true;
    }
    else el.scrollTop = el.scrollHeight - p.height + p.top;
  });

  // Load the newest page whenever the conversation changes, and again after a reconnect.
  useEffect(() => {
    let cancelled = false;
    const key = adapter.key;
    setMessages([]);
    setPhase('loading');
    setError(null);
    setOlderError(null);
    setReplyTo(null);
    setTypers({});
    setNotes([]);

    async function loadNewest(initial: boolean) {
      try {
        const page = await adapterRef.current.load(null);
        if (cancelled || adapterRef.current.key !== key) return;
        if (initial || nearBottom()) pendingScroll.current = 'bottom';
        setMessages((old) => (initial ? mergeById([], page) : mergeById(old, page)));
        if (initial) setHasMore(page.length >= PAGE_SIZE);
        setPhase('ready');
      } catch (err) {
        if (cancelled) return;
        if (initial) {
          setError(errorMessage(err));
          setPhase('error');
        }
      }
    }
    void loadNewest(true);

    const unsubscribe = adapterRef.current.subscribe({
      added: (m) => {
        if (nearBottom() || m.username.toLowerCase() === me.toLowerCase()) pendingScroll.current = 'bottom';
        setMessages((old) => mergeById(old, [m]));
        setTypers((t) => {
          if (!(m.username in t)) return t;
          const next = { ...t };
          delete next[m.username];
          return next;
        });
      },
      edited: (id, text) => setMessages((old) => old.map((m) => (m.id === id ? { ...m, text, edited: true } : m))),
      deleted: (id) => setMessages((old) => old.filter((m) => m.id !== id)),
      typing: (user, typing) =>
        setTypers((t) => {
          const next = { ...t };
          if (typing) next[user] = Date.now() + TYPING_SHOW_MS;
          else delete next[user];
          return next;
        }),
    });
    const onConnect = () => void loadNewest(false);
    socket.on('connect', onConnect);
    return () => {
      cancelled = true;
      unsubscribe();
      socket.off('connect', onConnect);
    };
  }, [adapter.key]);

  // Reactions of the messages on screen (each message is fetched once).
  useEffect(() => {
    if (messages.length > 0) loadReactions(adapter.kind, messages.map((m) => m.id));
  }, [messages, adapter.kind]);

  // Typing indicators expire by themselves.
  const typerNames = Object.keys(typers);
  useEffect(() => {
    if (typerNames.length === 0) return undefined;
    const timer = window.setInterval(() => {
      const now = Date.now();
      setTypers((t) => {
        const entries = Object.entries(t).filter(([, until]) => until > now);
        return entries.length === Object.keys(t).length ? t : Object.fromEntries(entries);
      });
    }, 1000);
    return () => window.clearInterval(timer);
  }, [typerNames.length > 0]);

  async function loadOlder() {
    const list = messagesRef.current;
    if (loadingOlder || !hasMore || list.length === 0) return;
    const key = adapter.key;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await adapter.load(list[0].id);
      if (adapterRef.current.key !== key) return;
      const el = scrollRef.current;
      if (el) pendingScroll.current = { height: el.scrollHeight, top: el.scrollTop };
      setMessages((old) => mergeById(old, page));
      setHasMore(page.length >= PAGE_SIZE);
    } catch (err) {
      setOlderError(errorMessage(err));
    } finally {
      setLoadingOlder(false);
    }
  }

  function onScroll(e: Event) {
    const el = e.currentTarget as HTMLDivElement;
    stickRef.current = nearBottom();
    if (el.scrollTop < 80) void loadOlder();
  }

  // Content that grows below the fold (reactions, edits, late layout) keeps a reader who was
  // at the end at the end.
  useEffect(() => {
    const el = scrollRef.current;
    const content = el?.firstElementChild;
    if (!el || !content || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => {
      if (stickRef.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(content);
    return () => ro.disconnect();
  }, [phase, adapter.key]);

  // A short first page that does not fill the view cannot be scrolled: load more right away.
  useEffect(() => {
    const el = scrollRef.current;
    if (phase === 'ready' && hasMore && !loadingOlder && el && el.scrollHeight <= el.clientHeight + 80) void loadOlder();
  }, [phase, hasMore, loadingOlder, messages.length]);

  async function send(text: string, reply: number | null, attachment: string | null) {
    const m = await adapter.send(text, reply, attachment);
    if (m) {
      pendingScroll.current = 'bottom';
      setMessages((old) => mergeById(old, [m]));
    }
  }

  async function edit(m: ChatMessage, text: string) {
    const updated = await adapter.edit(m.id, text);
    setMessages((old) => old.map((x) => (x.id === m.id ? { ...x, ...(updated ?? {}), text: updated?.text ?? text, edited: true } : x)));
  }

  async function remove(m: ChatMessage) {
    await adapter.remove(m.id);
    setMessages((old) => old.filter((x) => x.id !== m.id));
    if (replyTo?.id === m.id) setReplyTo(null);
  }

  let historyHead: ComponentChildren = null;
  if (phase === 'ready') {
    if (loadingOlder) historyHead = <p class="muted" role="status">Loading older messages…</p>;
    else if (olderError)
      historyHead = (
        <p class="error-box" role="alert">
          {olderError}{' '}
          <button type="button" class="link" onClick={() => void loadOlder()}>
            Try again
          </button>
        </p>
      );
    else if (!hasMore && messages.length > 0) historyHead = <p class="muted" data-testid="history-start">This is the start of the conversation.</p>;
    else if (hasMore)
      historyHead = (
        <button type="button" class="link" onClick={() => void loadOlder()}>
          Load older messages
        </button>
      );
  }

  const typingText =
    typerNames.length === 0
      ? ''
      : typerNames.length === 1
        ? `${typerNames[0]} is typing…`
        : typerNames.length <= 3
          ? `${typerNames.join(', ')} are typing…`
          : 'Several people are typing…';

  return (
    <section
      class="conversation"
      aria-label="Conversation"
      onDragOver={(e) => {
        if (!adapter.readOnly && e.dataTransfer?.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer?.files[0];
        if (!file || adapter.readOnly) return;
        e.preventDefault();
        setDropped({ file });
      }}
    >
      {header}
      {notice}
      {phase === 'loading' && (
        <p class="muted conv-status" role="status">
          Loading messages…
        </p>
      )}
      {phase === 'error' && (
        <p class="error-box conv-status" role="alert" data-testid="conversation-error">
          {error}
        </p>
      )}
      {phase === 'ready' && (
        <MessageList
          kind={adapter.kind}
          messages={messages}
          me={me}
          canEdit={adapter.canEdit}
          canDelete={adapter.canDelete}
          canPin={adapter.canPin}
          onReply={(m) => setReplyTo(m)}
          onEdit={edit}
          onDelete={remove}
          onScroll={onScroll}
          scrollRef={scrollRef}
          header={historyHead}
          empty={adapter.empty}
        />
      )}
      <p class="typing" aria-live="polite" data-testid="typing">
        {typingText}
      </p>
      {notes.length > 0 && (
        <ul class="command-notes" aria-label="Command results" aria-live="polite">
          {notes.map((n) => (
            <li key={n.key} class={n.failed ? 'command-note failed' : 'command-note'} data-testid="command-note">
              <div class="command-note-head">
                <code>{n.command}</code> <span class="muted">· only you can see this</span>
                <button type="button" class="small" onClick={() => setNotes((old) => old.filter((x) => x.key !== n.key))} aria-label="Dismiss">
                  ×
                </button>
              </div>
              <pre class="command-note-text">{n.text}</pre>
            </li>
          ))}
        </ul>
      )}
      {phase !== 'error' && (
        <Composer
          adapter={adapter}
          replyTo={replyTo}
          clearReply={() => setReplyTo(null)}
          onSend={send}
          onCommand={(note) => setNotes((old) => [...old.slice(-4), note])}
          dropped={dropped}
        />
      )}
    </section>
  );
}
