// tmpweb files (docs/api-files-admin.md): uploads with progress through XMLHttpRequest (fetch has
// no upload progress), list, delete, URL import, and slash commands over the socket.
import { ApiError, request } from '../api';
import { emitAck } from '../messaging/client';

export interface FileInfo {
  id: string;
  name: string;
  size: number;
  mime_type: string;
  url: string;
  uploaded_by?: string;
  created_at?: string;
  expires_at: string;
}

/** Expiry choices offered by the file manager and the composer (seconds). */
export const EXPIRY_CHOICES: { label: string; seconds: number }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
  { label: '30 days', seconds: 30 * 86400 },
];
export const DEFAULT_EXPIRY = 86400;

export interface UploadHandle {
  promise: Promise<FileInfo>;
  abort: () => void;
}

function failure(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: unknown; code?: unknown };
    if (typeof body.error === 'string' && body.error) {
      return new ApiError(status, typeof body.code === 'string' ? body.code : 'http_error', body.error);
    }
  } catch {
    // not JSON: fall through to the generic sentence
  }
  return new ApiError(status, 'http_error', `The upload failed (HTTP ${status}).`);
}

/** POST /api/files/upload as multipart; `onProgress` gets 0..1 while the bytes go out. */
export function uploadFile(file: Blob, name: string, expiresIn: number, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<FileInfo>((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, name);
    form.append('expires_in', String(expiresIn));
    xhr.open('POST', '/api/files/upload');
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as FileInfo);
      } else reject(failure(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export const filesApi = {
  list: () => request<{ ok: true; files: FileInfo[] }>('GET', '/api/files/list'),
  remove: (id: string) => request<{ ok: true }>('DELETE', `/api/files/${encodeURIComponent(id)}`),
  importUrl: (url: string, expiresIn: number) =>
    request<{ ok: true } & FileInfo>('POST', '/api/files/upload-url', { url, expires_in: expiresIn }),
};

export interface CommandAnswer {
  ok: true;
  text: string;
  data?: unknown;
}

/** Runs a slash command; the answer is for the caller only. */
export function runCommand(command: string, channel: string | null): Promise<CommandAnswer> {
  return emitAck<CommandAnswer>('command', channel ? { command, channel } : { command });
}

/** "1.5 MB" style size. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "2 h 5 min", "45 s"; "expired" at or below zero. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;

/** The file name at the end of an attachment url (`/files/<id>/<name>`), decoded. */
export function attachmentName(url: string): string {
  const last = url.split('/').pop() ?? url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Whether an attachment is shown as an image. Messages carry only the url, so the name decides;
 * the server serves the detected type with nosniff, so a non-image under an image name simply
 * fails to render (and the card is shown instead).
 */
export function looksLikeImage(url: string): boolean {
  return IMAGE_NAME.test(attachmentName(url));
}
