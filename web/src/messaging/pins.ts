// Pinned messages (docs/api-messaging.md, "Pins"): which messages are pinned, per conversation,
// loaded by GET /api/pins when a conversation is open and kept current by `pin_update` events.
import { signal } from '@preact/signals';
import { request } from '../api';
import { socket } from '../socket';
import { currentUser, isAdmin } from '../state';
import type { MessageKind } from './reactions';

/** A conversation as GET /api/pins names it. */
export interface PinScope {
  kind: MessageKind;
  /** `channel=<name>`, `peer=<username>` or `tid=<id>`. */
  param: 'channel' | 'peer' | 'tid';
  value: string;
}

/** A pinned message as GET /api/pins returns it: a message object plus who pinned it, when. */
export interface PinnedMessage {
  id: number;
  username?: string;
  from_user?: string;
  text: string;
  created_at: string;
  pinned_by: string;
  pinned_at: string;
}

/** `kind:id` of every pinned message we know of. */
export const pinnedIds = signal<ReadonlySet<string>>(new Set());
/** Bumped on every pin change the server announces, so open pin lists reload. */
export const pinsVersion = signal(0);

const keyOf = (kind: MessageKind, id: number) => `${kind}:${id}`;

export function isPinned(kind: MessageKind, id: number): boolean {
  return pinnedIds.value.has(keyOf(kind, id));
}

function mark(kind: MessageKind, ids: number[], pinned: boolean): void {
  const next = new Set(pinnedIds.value);
  for (const id of ids) {
    if (pinned) next.add(keyOf(kind, id));
    else next.delete(keyOf(kind, id));
  }
  pinnedIds.value = next;
}

/** The pinned messages of one conversation, oldest pin first; also marks them as pinned. */
export async function loadPins(scope: PinScope): Promise<PinnedMessage[]> {
  const r = await request<{ ok: true; messages: PinnedMessage[] }>(
    'GET',
    `/api/pins?type=${scope.kind}&${scope.param}=${encodeURIComponent(scope.value)}`,
  );
  const list = Array.isArray(r.messages) ? r.messages : [];
  mark(scope.kind, list.map((m) => Number(m.id)), true);
  return list;
}

export async function setPinned(kind: MessageKind, id: number, pinned: boolean): Promise<void> {
  await request('POST', pinned ? '/api/pins/add' : '/api/pins/remove', { message_id: id, message_type: kind });
  mark(kind, [id], pinned);
}

socket.on('pin_update', (ev: { message_type?: MessageKind; message_id?: number; action?: string } | undefined) => {
  if (!ev || !ev.message_type || ev.message_id === undefined) return;
  mark(ev.message_type, [Number(ev.message_id)], ev.action === 'pin');
  pinsVersion.value += 1;
});

// A reconnect may have missed events: open lists reload.
socket.on('connect', () => {
  pinsVersion.value += 1;
});

/**
 * Scrolls the open message list to a message, loading older pages (by scrolling the list to its
 * top, which is how the list asks for them) until it appears or the history starts.
 */
export function jumpToMessage(id: number): void {
  const show = (): boolean => {
    const el = document.getElementById(`msg-${id}`);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('flash');
    window.setTimeout(() => el.classList.remove('flash'), 1200);
    return true;
  };
  if (show()) return;
  const scroller = document.querySelector<HTMLElement>('[data-testid="message-list"]');
  if (!scroller) return;
  const observer = new MutationObserver(() => {
    if (!scroller.isConnected || show() || scroller.querySelector('[data-testid="history-start"]')) {
      observer.disconnect();
      return;
    }
    scroller.scrollTop = 0;
  });
  observer.observe(scroller, { childList: true, subtree: true });
  scroller.scrollTop = 0;
}

/**
 * Whether MC_PIN_MESSAGE lets admins pin public messages. Only admins can read the setting; it is
 * read again whenever settings change (`messaging_config`).
 */
export const publicPinning = signal(false);

async function loadPinSetting(): Promise<void> {
  if (!isAdmin.value) {
    publicPinning.value = false;
    return;
  }
  try {
    const r = await request<{ ok: true; settings: Record<string, string> }>('GET', '/api/admin/settings');
    publicPinning.value = String(r.settings?.MC_PIN_MESSAGE ?? '1') === '1';
  } catch {
    publicPinning.value = false;
  }
}

socket.on('connect', () => void loadPinSetting());
socket.on('messaging_config', () => void loadPinSetting());

currentUser.subscribe((u) => {
  if (!u) {
    pinnedIds.value = new Set();
    publicPinning.value = false;
  }
});
