// Messaging state shared by the views: the messaging config, who is online, unread counts
// and which conversation is open. The socket listeners here are registered once.
// Unread counts live on the server (read markers, docs/api-messaging.md): they are loaded at
// connect, bumped by new-message events, and cleared by POST /api/read when a conversation is
// shown; `read_marker` events keep every tab of the user in step.
import { computed, effect, signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { request } from '../api';
import { socket } from '../socket';
import { currentUser } from '../state';
import { msgApi } from './client';
import type { DirectMessage, GroupMessage, MessagingConfig, PublicMessage } from './types';

export const messagingConfig = signal<MessagingConfig | null>(null);
export const onlineUsers = signal<string[]>([]);

/** Key of the open conversation: `c:<channel>`, `d:<peer>`, `g:<tid>`, or null. */
export const activeConversation = signal<string | null>(null);

/** Makes `key` (null: none) the open conversation while the calling view shows it. */
export function useActiveConversation(key: string | null): void {
  useEffect(() => {
    activeConversation.value = key;
    return () => {
      activeConversation.value = null;
    };
  }, [key]);
}

/** Unread message counts per conversation key. */
export const unread = signal<Record<string, number>>({});

export const channelKey = (name: string) => `c:${name}`;
export const dmKey = (peer: string) => `d:${peer.toLowerCase()}`;
export const groupKey = (tid: number) => `g:${tid}`;

function sumPrefix(prefix: string): number {
  let n = 0;
  for (const [k, v] of Object.entries(unread.value)) if (k.startsWith(prefix)) n += v;
  return n;
}

/** Unread totals per sidebar section. */
export const unreadBySection = computed(() => ({
  channels: sumPrefix('c:'),
  dm: sumPrefix('d:'),
  groups: sumPrefix('g:'),
}));

/** The newest message id seen per conversation key: what showing it marks as read. */
const latest = new Map<string, number>();

function setCount(key: string, n: number): void {
  if ((unread.value[key] ?? 0) === n) return;
  const next = { ...unread.value };
  if (n > 0) next[key] = n;
  else delete next[key];
  unread.value = next;
}

function seen(key: string, id: number): void {
  if (Number.isFinite(id) && id > (latest.get(key) ?? 0)) latest.set(key, id);
}

/** The conversation of a key as POST /api/read names it. */
function target(key: string): Record<string, string | number> | null {
  const rest = key.slice(2);
  if (key.startsWith('c:')) return { kind: 'channel', name: rest };
  if (key.startsWith('d:')) return { kind: 'dm', peer: rest };
  if (key.startsWith('g:')) return { kind: 'gdm', thread_id: Number(rest) };
  return null;
}

interface ReadState {
  kind: 'channel' | 'dm' | 'gdm';
  id?: number;
  name?: string;
  peer?: string;
  thread_id?: number;
  last_read_id: number;
  unread: number;
  latest_id: number;
}

function keyOf(s: ReadState): string | null {
  if (s.kind === 'channel' && typeof s.name === 'string') return channelKey(s.name);
  if (s.kind === 'dm' && typeof s.peer === 'string') return dmKey(s.peer);
  if (s.kind === 'gdm' && s.thread_id !== undefined) return groupKey(Number(s.thread_id));
  return null;
}

// One POST /api/read in flight per conversation; a newer id waits for it.
const posted = new Map<string, number>();
const inFlight = new Set<string>();

function postRead(key: string): void {
  const id = latest.get(key) ?? 0;
  const body = target(key);
  if (!body || id <= (posted.get(key) ?? 0) || inFlight.has(key)) return;
  inFlight.add(key);
  posted.set(key, id);
  request<{ ok: true } & ReadState>('POST', '/api/read', { ...body, message_id: id })
    .catch(() => posted.delete(key))
    .finally(() => {
      inFlight.delete(key);
      if ((latest.get(key) ?? 0) > (posted.get(key) ?? 0) && key === activeConversation.value) postRead(key);
    });
}

/** The conversation is on screen: clear its badge here and, through the server, in every tab. */
export function markRead(key: string): void {
  setCount(key, 0);
  postRead(key);
}

function showing(key: string): boolean {
  return key === activeConversation.value && document.visibilityState !== 'hidden';
}

function bump(key: string, id: number): void {
  seen(key, id);
  if (showing(key)) markRead(key);
  else setCount(key, (unread.value[key] ?? 0) + 1);
}

/** Unread counts as the server has them (at start and after every reconnect). */
export async function loadUnread(): Promise<void> {
  try {
    const r = await request<{ ok: true; conversations: ReadState[] }>('GET', '/api/unread');
    const next: Record<string, number> = {};
    for (const s of r.conversations) {
      const key = keyOf(s);
      if (!key) continue;
      seen(key, Number(s.latest_id));
      if (s.unread > 0) next[key] = Number(s.unread);
    }
    unread.value = next;
    const open = activeConversation.value;
    if (open && next[open] && showing(open)) markRead(open);
  } catch {
    // Keep the counts we have; the next reconnect asks again.
  }
}

function me(): string {
  return currentUser.value?.username.toLowerCase() ?? '';
}

export async function loadConfig(): Promise<void> {
  try {
    const c = await msgApi.config();
    messagingConfig.value = {
      public_enabled: Boolean(c.public_enabled),
      dm_enabled: Boolean(c.dm_enabled),
      gdm_enabled: Boolean(c.gdm_enabled),
      maintenance_mode: Boolean(c.maintenance_mode),
      announcements_only: Boolean(c.announcements_only),
      dm_logging: Boolean(c.dm_logging),
    };
  } catch {
    // Keep the last known config; the views work without it.
  }
}

export async function loadOnline(): Promise<void> {
  try {
    const r = await msgApi.online();
    onlineUsers.value = r.users.map((u) => u.username).sort((a, b) => a.localeCompare(b));
  } catch {
    // The list stays as it was.
  }
}

socket.on('connect', () => {
  void loadConfig();
  void loadOnline();
  void loadUnread();
});

socket.on('read_marker', (s: ReadState | undefined) => {
  const key = s && typeof s === 'object' ? keyOf(s) : null;
  if (!key) return;
  seen(key, Number(s!.latest_id));
  posted.set(key, Math.max(posted.get(key) ?? 0, Number(s!.last_read_id) || 0));
  setCount(key, Number(s!.unread) || 0);
});

socket.on('messaging_config', (c: MessagingConfig) => {
  if (c && typeof c === 'object') messagingConfig.value = { ...c };
});

/** The names of a `user_list_refresh` field: one name, or a list when the server batched a burst. */
function presenceNames(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

socket.on('user_list_refresh', (ev: { online?: string | string[]; offline?: string | string[] } | undefined) => {
  const cameOnline = presenceNames(ev?.online);
  const wentOffline = presenceNames(ev?.offline);
  if (cameOnline.length === 0 && wentOffline.length === 0) {
    void loadOnline();
    return;
  }
  const gone = new Set(wentOffline);
  const next = onlineUsers.value.filter((u) => !gone.has(u));
  for (const name of cameOnline) {
    if (!next.includes(name)) next.push(name);
  }
  onlineUsers.value = next.sort((a, b) => a.localeCompare(b));
});

// Our own messages are never unread; they only move what "read up to the newest" means.
socket.on('new_message', (m: PublicMessage) => {
  if (!m) return;
  const key = channelKey(m.channel);
  if (m.username?.toLowerCase() !== me()) bump(key, Number(m.id));
  else seen(key, Number(m.id));
});

socket.on('dm_new', (m: DirectMessage) => {
  if (!m) return;
  const mine = m.from_user?.toLowerCase() === me();
  const key = dmKey(mine ? m.to_user : m.from_user);
  if (!mine) bump(key, Number(m.id));
  else seen(key, Number(m.id));
});

socket.on('gdm_new', (m: GroupMessage) => {
  if (!m) return;
  const key = groupKey(Number(m.thread_id));
  if (m.username?.toLowerCase() !== me()) bump(key, Number(m.id));
  else seen(key, Number(m.id));
});

// The open conversation is read; forget everything on sign-out.
effect(() => {
  const key = activeConversation.value;
  if (key) markRead(key);
});
effect(() => {
  if (!currentUser.value) {
    unread.value = {};
    latest.clear();
    posted.clear();
    onlineUsers.value = [];
    messagingConfig.value = null;
  }
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && activeConversation.value) markRead(activeConversation.value);
});
