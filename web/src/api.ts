// Typed fetch helper for the chatterd JSON API (docs/api-auth-contract.md).
// Every failure becomes an ApiError carrying the HTTP status, the server's `code` and its
// `error` sentence, which the UI shows verbatim.

export type Role = 'user' | 'admin' | 'superadmin' | (string & {});

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** Called when a signed-in request answers 401: the session has expired or was revoked. */
let unauthorizedHandler: (() => void) | null = null;
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  /** Do not trigger the global "signed out" handler on 401 (sign-in form, whoami). */
  anonymous?: boolean;
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  };
  if (method !== 'GET') {
    // JSON content type on every state-changing call: part of the server's CSRF defence.
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  let data: unknown = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }

  const obj = (data && typeof data === 'object' ? data : null) as Record<string, unknown> | null;
  if (!response.ok || (obj && obj.ok === false)) {
    const retry = Number(response.headers.get('Retry-After'));
    const message =
      obj && typeof obj.error === 'string' && obj.error
        ? obj.error
        : `The server answered with an unexpected response (HTTP ${response.status}).`;
    const code = obj && typeof obj.code === 'string' ? obj.code : 'http_error';
    const error = new ApiError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null);
    if (response.status === 401 && !options.anonymous && unauthorizedHandler) unauthorizedHandler();
    throw error;
  }
  if (obj === null) {
    throw new ApiError(response.status, 'bad_response', `The server answered with an unexpected response (HTTP ${response.status}).`);
  }
  return data as T;
}

/** A readable sentence for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return `Something went wrong: ${err.message}`;
  return 'Something went wrong. Please try again.';
}

// ---- Accounts and sessions -------------------------------------------------------------

export interface WhoAmI {
  ok: true;
  username: string | null;
  role: Role | null;
  id: number | null;
  auth: 'session' | 'token' | null;
}

export interface AuthResult {
  ok: true;
  username: string;
  role: Role;
}

export interface SessionInfo {
  id: number | string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

export interface TokenInfo {
  id: number | string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface CreatedToken extends TokenInfo {
  ok: true;
  token: string;
}

const enc = encodeURIComponent;

export const api = {
  whoami: () => request<WhoAmI>('GET', '/api/whoami', undefined, { anonymous: true }),
  login: (username: string, password: string) =>
    request<AuthResult>('POST', '/api/auth/login', { username, password }, { anonymous: true }),
  register: (username: string, password: string, email?: string) =>
    request<AuthResult>(
      'POST',
      '/api/auth/register',
      email ? { username, password, email } : { username, password },
      { anonymous: true },
    ),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout', {}, { anonymous: true }),
  sessions: () => request<{ ok: true; sessions: SessionInfo[] }>('GET', '/api/auth/sessions'),
  revokeSession: (id: SessionInfo['id']) => request<{ ok: true }>('DELETE', `/api/auth/sessions/${enc(String(id))}`),
  changePassword: (current_password: string, new_password: string) =>
    request<{ ok: true; revoked_sessions?: number }>('POST', '/api/auth/password', { current_password, new_password }),
  tokens: () => request<{ ok: true; tokens: TokenInfo[] }>('GET', '/api/auth/tokens'),
  createToken: (name: string) => request<CreatedToken>('POST', '/api/auth/tokens', { name }),
  deleteToken: (id: TokenInfo['id']) => request<{ ok: true }>('DELETE', `/api/auth/tokens/${enc(String(id))}`),
};
