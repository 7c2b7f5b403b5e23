// Typed calls of the admin console (docs/api-files-admin.md, Admin section).
import { request } from '../../api';

export interface AdminUser {
  id: number;
  username: string;
  role: string;
  banned: boolean;
  ban_reason: string | null;
  timeout_until: string | null;
  system: boolean;
  created_at: string;
}

export interface AddressBan {
  id: number;
  network: string;
  reason: string;
  created_by: string;
  created_at: string;
}

export interface SiteAlert {
  id: number;
  text: string;
  level: 'info' | 'warning' | 'critical';
  created_by: string;
  created_at: string;
  expires_at: string | null;
}

export interface Report {
  id: number;
  reporter: string;
  kind: 'message' | 'user';
  message_kind: string | null;
  message_id: number | null;
  target: string;
  excerpt: string;
  reason: string;
  status: 'open' | 'resolved';
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
  created_at: string;
}

export interface Overview {
  users: number;
  online: number;
  messages_today: number;
  files: number;
  storage_bytes: number;
  messages_per_day: { day: string; count: number }[];
}

const user = (name: string) => `/api/admin/users/${encodeURIComponent(name)}`;

export const adminApi = {
  overview: () => request<Overview & { ok: true }>('GET', '/api/admin/overview'),
  users: (q: string, limit: number, offset: number) =>
    request<{ users: AdminUser[]; total: number }>(
      'GET',
      `/api/admin/users?q=${encodeURIComponent(q)}&limit=${limit}&offset=${offset}`,
    ),
  createUser: (username: string, password: string, role: string) =>
    request<{ user: AdminUser }>('POST', '/api/admin/users', { username, password, role }),
  resetPassword: (name: string, password: string) => request('POST', `${user(name)}/password`, { password }),
  ban: (name: string, reason: string) => request('POST', `${user(name)}/ban`, { reason }),
  unban: (name: string) => request('POST', `${user(name)}/unban`, {}),
  timeout: (name: string, seconds: number, reason: string) =>
    request<{ until: string }>('POST', `${user(name)}/timeout`, { seconds, reason }),
  clearTimeout: (name: string) => request('DELETE', `${user(name)}/timeout`),
  setRole: (name: string, role: string) => request('POST', `${user(name)}/role`, { role }),
  deleteUser: (name: string) => request('DELETE', user(name)),
  addressBans: () => request<{ bans: AddressBan[] }>('GET', '/api/admin/bans/addresses'),
  banAddress: (address: string, reason: string) =>
    request<{ ban: AddressBan }>('POST', '/api/admin/bans/addresses', { address, reason }),
  unbanAddress: (id: number) => request('DELETE', `/api/admin/bans/addresses/${id}`),
  settings: () => request<{ settings: Record<string, string> }>('GET', '/api/admin/settings'),
  saveSettings: (settings: Record<string, string | number>) =>
    request<{ settings: Record<string, string> }>('POST', '/api/admin/settings', { settings }),
  alerts: () => request<{ alerts: SiteAlert[] }>('GET', '/api/alerts'),
  createAlert: (text: string, level: string, expires_at: string | null) =>
    request<{ alert: SiteAlert }>('POST', '/api/admin/alerts', expires_at ? { text, level, expires_at } : { text, level }),
  deleteAlert: (id: number) => request('DELETE', `/api/admin/alerts/${id}`),
  systemMessage: (channel: string, text: string) => request('POST', '/api/admin/system_message', { channel, text }),
  reports: (status: 'open' | 'resolved') => request<{ reports: Report[] }>('GET', `/api/admin/reports?status=${status}`),
  resolveReport: (id: number, note: string) => request<{ report: Report }>('POST', `/api/admin/reports/${id}/resolve`, { note }),
  audit: (before: number | null, limit = 50) =>
    request<{ entries: AuditEntry[] }>('GET', `/api/admin/audit?limit=${limit}${before ? `&before=${before}` : ''}`),
};
