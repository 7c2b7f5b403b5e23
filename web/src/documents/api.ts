// REST calls of the Documents API (docs/api-documents.md).
import { request } from '../api';

export type DocRole = 'viewer' | 'editor' | 'creator';

export interface DocSummary {
  id: number;
  name: string;
  created_by: string;
  created_at: string;
  last_edited_by?: string | null;
  last_edited_at: string | null;
  role: DocRole;
}

export interface DocDetails extends DocSummary {
  ok: true;
  content: string;
  revision: number;
}

export interface DocMember {
  username: string;
  role: DocRole;
  added_at: string;
}

export interface DocRevision {
  revision: number;
  username: string | null;
  created_at: string;
  length: number;
}

export const docApi = {
  list: () => request<{ ok: true; documents: DocSummary[] }>('GET', '/api/doc/list'),
  create: (name: string, content: string, members: { username: string; role: 'viewer' | 'editor' }[]) =>
    request<{ ok: true; id: number; doc_id: number }>('POST', '/api/doc/create', { name, content, members }),
  get: (id: number) => request<DocDetails>('GET', `/api/doc/${id}`),
  members: (id: number) => request<{ ok: true; members: DocMember[] }>('GET', `/api/doc/${id}/members`),
  addMember: (id: number, username: string, role: 'viewer' | 'editor') =>
    request<{ ok: true; member: DocMember }>('POST', `/api/doc/${id}/add_member`, { username, role }),
  removeMember: (id: number, username: string) =>
    request<{ ok: true }>('POST', `/api/doc/${id}/remove_member`, { username }),
  updateRole: (id: number, username: string, role: 'viewer' | 'editor') =>
    request<{ ok: true; member: DocMember }>('POST', `/api/doc/${id}/update_member_role`, { username, role }),
  remove: (id: number) => request<{ ok: true }>('POST', `/api/doc/${id}/delete`, {}),
  revisions: (id: number, before?: number) =>
    request<{ ok: true; revisions: DocRevision[] }>(
      'GET',
      `/api/doc/${id}/revisions?limit=50${before !== undefined ? `&before=${before}` : ''}`,
    ),
  revision: (id: number, rev: number) =>
    request<{ ok: true; revision: number; content: string; username: string | null; created_at: string }>(
      'GET',
      `/api/doc/${id}/revisions/${rev}`,
    ),
  restore: (id: number, revision: number) =>
    request<{ ok: true; revision: number }>('POST', `/api/doc/${id}/restore`, { revision }),
  exportUrl: (id: number, format: 'md' | 'txt' | 'html') => `/api/doc/${id}/export?format=${format}`,
};

/** Most recently edited first (the server sorts too; events may reorder locally). */
export function sortDocs(docs: DocSummary[]): DocSummary[] {
  const t = (d: DocSummary) => Date.parse(d.last_edited_at ?? d.created_at) || 0;
  return [...docs].sort((a, b) => t(b) - t(a) || b.id - a.id);
}
