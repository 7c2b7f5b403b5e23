// The users area of the API (docs/api-files-admin.md, Users and Settings): the caller's settings,
// avatar, account deletion, public profiles and the public server info.
import { ApiError, request } from './api';

export type ThemeSetting = 'light' | 'dark' | 'system';
export type AllowDms = 'everyone' | 'nobody';

export interface UserSettings {
  theme: ThemeSetting;
  bio: string;
  status: string;
  language: string;
  email: string;
  allow_dms: AllowDms;
  notifications: { mentions: boolean; dms: boolean; sounds: boolean };
}

export interface PublicProfile {
  username: string;
  avatar_url: string | null;
  bio: string;
  status: string;
  created_at: string;
}

export interface PublicInfo {
  ok: true;
  site_name: string;
  registration: 'open' | 'invite_only';
  version: string;
}

const enc = encodeURIComponent;

/** POST a multipart body (never JSON): the browser sets the boundary; Origin covers CSRF. */
async function postForm<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }
  const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || !data || data.ok !== true) {
    const message =
      data && typeof data.error === 'string'
        ? data.error
        : `The server answered with an unexpected response (HTTP ${response.status}).`;
    throw new ApiError(response.status, data && typeof data.code === 'string' ? data.code : 'http_error', message);
  }
  return data as T;
}

export const usersApi = {
  settings: () => request<{ ok: true; settings: UserSettings }>('GET', '/api/settings'),
  saveSettings: (changes: Partial<Omit<UserSettings, 'notifications'>> & { notifications?: Partial<UserSettings['notifications']> }) =>
    request<{ ok: true; settings: UserSettings }>('POST', '/api/settings', changes),
  profile: (username: string) => request<{ ok: true; user: PublicProfile }>('GET', `/api/users/${enc(username)}`),
  uploadAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return postForm<{ ok: true; avatar_url: string }>('/api/account/avatar', form);
  },
  removeAvatar: () => request<{ ok: true }>('DELETE', '/api/account/avatar'),
  deleteAccount: (password: string) => request<{ ok: true }>('POST', '/api/account/delete', { password }),
  publicInfo: () => request<PublicInfo>('GET', '/api/public/info', undefined, { anonymous: true }),
};
