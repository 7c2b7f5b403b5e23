// Messaging state shared by the views: the messaging config, who is online, unread counts
// and which conversation is open. The socket listeners here are registered once.
import { computed, effect, signal } from '@preact/signals';
import { socket } from '../socket';
import { currentUser } from '../state';
import { msgApi } from './client';
import type { DirectMessage, GroupMessage, MessagingConfig, PublicMessage } from './types';

export const messagingConfig = signal<MessagingConfig | null>(null);
export const onlineUsers = signal<string[]>([]);

/** Key of the open conversation: `c:<channel>`, `d:<peer>`, `g:<tid>`, or null. */
export const activeConversation = signal<string | null>(null);

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

export function markRead(key: string): void {
  if (unread.value[key]) {
    const next = { ...unread.value };
    delete next[key];
    unread.value = next;
  }
}

function bump(key: string): void {
  if (key === activeConversation.value && document.visibilityState !== 'hidden') return;
  unread.value = { ...unread.value, [key]: (unread.value[key] ?? 0) + 1 };
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
});

socket.on('messaging_config', (c: MessagingConfig) => {
  if (c && typeof c === 'object') messagingConfig.value = { ...c };
});

socket.on('user_list_refresh', (ev: { online?: string; offline?: string } | undefined) => {
  if (ev && typeof ev.online === 'string') {
    const name = ev.online;
    if (!onlineUsers.value.includes(name)) {
      onlineUsers.value = [...onlineUsers.value, name].sort((a, b) => a.localeCompare(b));
    }
  } else if (ev && typeof ev.offline === 'string') {
    const name = ev.offline;
    onlineUsers.value = onlineUsers.value.filter((u) => u !== name);
  } else {
    void loadOnline();
  }
});

socket.on('new_message', (m: PublicMessage) => {
  if (m && m.username?.toLowerCase() !== me()) bump(channelKey(m.channel));
});

socket.on('dm_new', (m: DirectMessage) => {
  if (m && m.from_user?.toLowerCase() !== me()) bump(dmKey(m.from_user));
});

socket.on('gdm_new', (m: GroupMessage) => {
  if (m && m.username?.toLowerCase() !== me()) bump(groupKey(Number(m.thread_id)));
});

// The open conversation is read; forget everything on sign-out.
effect(() => {
  const key = activeConversation.value;
  if (key) markRead(key);
});
effect(() => {
  if (!currentUser.value) {
    unread.value = {};
    onlineUsers.value = [];
    messagingConfig.value = null;
  }
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && activeConversation.value) markRead(activeConversation.value);
});
