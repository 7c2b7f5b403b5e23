// Wire types of the messaging API (docs/api-messaging.md) and the one message shape the
// shared message list renders.

export interface Channel {
  id: number;
  name: string;
  topic: string | null;
  announcements_only: boolean | number;
  created_at: string;
}

export interface PublicMessage {
  id: number;
  channel: string;
  channel_id: number;
  username: string;
  text: string;
  attachment: string | null;
  created_at: string;
  reply_to: number | null;
  reply_username: string | null;
  reply_snippet: string | null;
  edited: number | boolean;
}

export interface DirectMessage {
  id: number;
  from_user: string;
  to_user: string;
  text: string;
  attachment: string | null;
  created_at: string;
  reply_to: number | null;
  reply_username: string | null;
  reply_snippet: string | null;
  edited: number | boolean;
}

export interface GroupMessage {
  id: number;
  thread_id: number;
  username: string;
  text: string;
  attachment: string | null;
  created_at: string;
  edited: number | boolean;
  reply_to: number | null;
  reply_username: string | null;
  reply_snippet: string | null;
}

export interface GroupThread {
  id: number;
  name: string;
  created_by: string;
  created_at: string;
  locked: number | boolean;
  members: string[];
}

export interface MessagingConfig {
  public_enabled: boolean;
  dm_enabled: boolean;
  gdm_enabled: boolean;
  maintenance_mode: boolean;
  announcements_only: boolean;
  dm_logging: boolean;
}

/** What the message list shows, whatever the conversation kind. */
export interface ChatMessage {
  id: number;
  username: string;
  text: string;
  attachment: string | null;
  created_at: string;
  reply_to: number | null;
  reply_username: string | null;
  reply_snippet: string | null;
  edited: boolean;
}

export function fromPublic(m: PublicMessage): ChatMessage {
  return normal(m, m.username);
}

export function fromDirect(m: DirectMessage): ChatMessage {
  return normal(m, m.from_user);
}

export function fromGroup(m: GroupMessage): ChatMessage {
  return normal(m, m.username);
}

function normal(
  m: Omit<ChatMessage, 'username' | 'edited'> & { edited: number | boolean },
  username: string,
): ChatMessage {
  return {
    id: Number(m.id),
    username: String(username ?? ''),
    text: typeof m.text === 'string' ? m.text : '',
    attachment: typeof m.attachment === 'string' ? m.attachment : null,
    created_at: m.created_at,
    reply_to: m.reply_to ?? null,
    reply_username: m.reply_username ?? null,
    reply_snippet: m.reply_snippet ?? null,
    edited: Boolean(m.edited),
  };
}
