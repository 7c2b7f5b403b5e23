// REST calls and acknowledged Socket.IO emits of the messaging API.
import { ApiError, request } from '../api';
import { socket } from '../socket';
import type {
  Channel,
  DirectMessage,
  GroupMessage,
  GroupThread,
  MessagingConfig,
  PublicMessage,
} from './types';

const enc = encodeURIComponent;

function page(before: number | null | undefined, limit: number): string {
  return (before ? `&before=${before}` : '') + `&limit=${limit}`;
}

export type ThreadInfo = { ok: true } & GroupThread;

export const msgApi = {
  config: () => request<{ ok: true } & MessagingConfig>('GET', '/api/messaging/config'),
  channels: () => request<{ ok: true; channels: Channel[] }>('GET', '/api/channels'),
  createChannel: (name: string, topic: string, announcements_only: boolean) =>
    request<{ ok: true; channel: Channel }>('POST', '/api/channels', { name, topic, announcements_only }),
  updateChannel: (id: number, fields: { name?: string; topic?: string; announcements_only?: boolean }) =>
    request<{ ok: true; channel: Channel }>('POST', `/api/channels/${id}`, fields),
  deleteChannel: (id: number) => request<{ ok: true }>('DELETE', `/api/channels/${id}`),
  channelMessages: (channel: string, before: number | null, limit = 50) =>
    request<{ ok: true; channel: Channel; messages: PublicMessage[] }>(
      'GET',
      `/api/messages?channel=${enc(channel)}${page(before, limit)}`,
    ),
  dmPeers: () => request<string[]>('GET', '/api/dm/peers'),
  dmMessages: (peer: string, before: number | null, limit = 50) =>
    request<DirectMessage[]>('GET', `/api/dm/messages?peer=${enc(peer)}${page(before, limit)}`),
  threads: () => request<GroupThread[]>('GET', '/api/gdm/threads'),
  createThread: (name: string, members: string[]) =>
    request<{ ok: true; id: number; name: string }>('POST', '/api/gdm/threads', name ? { name, members } : { members }),
  groupMessages: (tid: number, before: number | null, limit = 50) =>
    request<GroupMessage[]>('GET', `/api/gdm/messages?tid=${tid}${page(before, limit)}`),
  threadInfo: (tid: number) => request<ThreadInfo>('GET', `/api/gdm/thread_info?tid=${tid}`),
  rename: (tid: number, name: string) => request<{ ok: true; id: number; name: string }>('POST', '/api/gdm/rename', { tid, name }),
  addMembers: (tid: number, users: string[]) =>
    request<{ ok: true; added: string[] }>('POST', '/api/gdm/add_member', { tid, users }),
  removeMember: (tid: number, username: string) =>
    request<{ ok: true }>('POST', '/api/gdm/remove_member', { tid, username }),
  kick: (tid: number, user: string) => request<{ ok: true }>('POST', '/api/gdm/kick', { tid, user }),
  transfer: (tid: number, new_owner: string) =>
    request<{ ok: true; created_by: string }>('POST', '/api/gdm/transfer', { tid, new_owner }),
  leave: (tid: number) => request<{ ok: true }>('POST', '/api/gdm/leave', { tid }),
  createInvite: (thread_id: number, expires_in: number) =>
    request<{ ok: true; invite_code: string; invite_url: string; expires_at: string }>(
      'POST',
      '/api/gdm/invite/create',
      { thread_id, expires_in },
    ),
  joinInvite: (code: string) =>
    request<{ ok: true; thread_id: number; thread_name: string }>('POST', '/api/gdm/invite/join', { code }),
  dmSettings: () => request<{ ok: true; allow_dms: 'everyone' | 'nobody' }>('GET', '/api/dm/settings'),
  setDmSettings: (allow_dms: 'everyone' | 'nobody') =>
    request<{ ok: true; allow_dms: 'everyone' | 'nobody' }>('POST', '/api/dm/settings', { allow_dms }),
  lock: (tid: number) => request<{ ok: true; locked: number }>('POST', '/api/gdm/lock', { tid }),
  unlock: (tid: number) => request<{ ok: true; locked: number }>('POST', '/api/gdm/unlock', { tid }),
  deleteGroup: (tid: number) => request<{ ok: true }>('POST', '/api/gdm/delete', { tid }),
  online: () => request<{ ok: true; users: { username: string; status: string }[] }>('GET', '/api/users/online'),
};

const ACK_TIMEOUT_MS = 10_000;

/** The ack of a refused event: `{ok:false, error, code, retry_after?}`. */
interface AckFailure {
  ok: false;
  error?: string;
  code?: string;
  retry_after?: number;
}

/**
 * Emit an event and wait for its ack. Resolves with the ack on `{ok:true}`; otherwise throws an
 * ApiError whose message is a plain sentence for the user.
 */
export function emitAck<T>(event: string, payload: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!socket.connected) {
      reject(new ApiError(0, 'offline', 'Not connected to the server right now. Wait until the connection is back and try again.'));
      return;
    }
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: Error | null, ack: unknown) => {
      if (err) {
        reject(new ApiError(0, 'timeout', 'The server did not answer in time. Your message may not have been sent; check the connection and try again.'));
        return;
      }
      const a = (ack && typeof ack === 'object' ? ack : null) as ({ ok?: boolean } & Record<string, unknown>) | null;
      if (a && a.ok === true) {
        resolve(a as T);
        return;
      }
      const f = (a ?? {}) as AckFailure;
      let message = typeof f.error === 'string' && f.error ? f.error : 'The server refused this action.';
      const retry = Number(f.retry_after);
      if (f.code === 'rate_limited' && Number.isFinite(retry) && retry > 0 && !/\d/.test(message)) {
        message += ` Try again in ${Math.ceil(retry)} s.`;
      }
      reject(new ApiError(0, f.code ?? 'refused', message, Number.isFinite(retry) && retry > 0 ? retry : null));
    });
  });
}
