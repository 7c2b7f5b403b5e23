// REST calls of custom channels (docs/custom-channels.md): registration, list, management,
// acceptance of a script version, and the per-user key/value store behind `utils.storage`.
import { ApiError, request } from '../api';

export interface CustomChannel {
  id: number;
  name: string;
  url: string;
  enabled: boolean;
  created_at: string;
  owner: string;
  mine: boolean;
  shared: boolean;
  sha256: string;
  size: number;
  fetched_at: string;
  /** This user accepted the current script: the client may run it. */
  accepted: boolean;
  /** This user accepted an older script; the current one is new to them. */
  changed: boolean;
  can_manage: boolean;
  script_url: string;
}

interface ChannelAnswer {
  ok: true;
  channel: CustomChannel;
}

const base = (id: number) => `/api/channels/custom/${id}`;

export const customApi = {
  list: () => request<{ ok: true; channels: CustomChannel[] }>('GET', '/api/channels/custom/list').then((r) => r.channels),
  register: (url: string, name: string, enabled = true) =>
    request<{ ok: true; id: number; channel: CustomChannel }>('POST', '/api/channels/custom/register', { url, name, enabled }),
  remove: (id: number) => request<{ ok: true }>('DELETE', base(id)),
  toggle: (id: number, enabled: boolean) => request<ChannelAnswer>('POST', `${base(id)}/toggle`, { enabled }),
  share: (id: number, shared: boolean) => request<ChannelAnswer>('POST', `${base(id)}/share`, { shared }),
  refetch: (id: number) => request<ChannelAnswer & { changed: boolean }>('POST', `${base(id)}/refetch`, {}),
  accept: (id: number, sha256: string) => request<ChannelAnswer>('POST', `${base(id)}/accept`, { sha256 }),
  dismiss: (id: number) => request<ChannelAnswer>('POST', `${base(id)}/dismiss`, {}),
};

function storagePath(id: number, key: string): string {
  return `${base(id)}/storage/${encodeURIComponent(key)}`;
}

/** `utils.storage` of one channel: JSON values kept on the server per user. */
export function channelStorage(id: number) {
  return {
    async get(key: string): Promise<unknown> {
      try {
        return (await request<{ ok: true; value: unknown }>('GET', storagePath(id, String(key)))).value;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'key_not_found') return null;
        throw err;
      }
    },
    async set(key: string, value: unknown): Promise<void> {
      await request('PUT', storagePath(id, String(key)), { value: value === undefined ? null : value });
    },
    async remove(key: string): Promise<void> {
      try {
        await request('DELETE', storagePath(id, String(key)));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'key_not_found')) throw err;
      }
    },
    async keys(): Promise<string[]> {
      return (await request<{ ok: true; keys: string[] }>('GET', `${base(id)}/storage`)).keys;
    },
  };
}
