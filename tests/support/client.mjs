// A tiny HTTP client with a cookie jar, built on node:http so that tests control every header
// (fetch adds Sec-Fetch-Mode / Accept-Encoding and normalises `..` out of paths).
//
//   const c = new Client(srv.url);
//   const r = await c.post('/api/auth/register', { username: 'a', password: 'longenough' });
//   r.status, r.headers['x-request-id'], r.body.ok, c.cookie
//
// Defaults: `Origin: <baseUrl>` on every request; `Content-Type: application/json` when a body is
// given. Per request: { headers: {...} } (a header set to null is not sent), { origin: false }
// or { origin: 'http://evil.example' }, { cookie: false } to leave the jar out, { token } to send
// `Authorization: Bearer <token>`.

import http from 'node:http';
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'chatter_session';

/** A unique, valid username (letters, digits, `_`; at most 32 characters). */
export function randomName(prefix = 'u') {
  const suffix = crypto.randomBytes(5).toString('hex');
  return `${prefix}_${suffix}`.slice(0, 32);
}

/** A password that satisfies the policy. */
export function randomPassword() {
  return 'pw-' + crypto.randomBytes(9).toString('base64url');
}

/** Parse one Set-Cookie header into {name, value, attrs: {lowercased name: value|true}}. */
export function parseSetCookie(line) {
  const parts = line.split(';').map((s) => s.trim());
  const [nv, ...rest] = parts;
  const eq = nv.indexOf('=');
  const cookie = { name: nv.slice(0, eq).trim(), value: nv.slice(eq + 1).trim(), attrs: {}, raw: line };
  for (const a of rest) {
    if (!a) continue;
    const i = a.indexOf('=');
    if (i < 0) cookie.attrs[a.toLowerCase()] = true;
    else cookie.attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
  }
  return cookie;
}

/** All Set-Cookie headers of a response as parsed cookies. */
export function setCookies(res) {
  const h = res.headers['set-cookie'];
  if (!h) return [];
  return (Array.isArray(h) ? h : [h]).map(parseSetCookie);
}

/**
 * One raw HTTP/1.1 request. `path` is sent exactly as given (no normalisation).
 * Resolves to {status, headers (lower-case keys; set-cookie is an array), raw (Buffer), text, body}.
 * `body` is parsed JSON when the response says application/json (or parses as JSON), else the text.
 */
export function rawRequest(
  baseUrl,
  { method = 'GET', path = '/', headers = {}, body, timeoutMs = 30_000, chunked = false } = {},
) {
  const u = new URL(baseUrl);
  const hdrs = {};
  for (const [k, v] of Object.entries(headers)) if (v !== null && v !== undefined) hdrs[k] = v;
  let payload = null;
  if (body !== undefined && body !== null) {
    payload = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
    if (chunked) hdrs['Transfer-Encoding'] = 'chunked';
    else hdrs['Content-Length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method, path, headers: hdrs, agent: false, setHost: true },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve(makeResponse(res, raw));
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload && chunked) {
      // Several chunks, so the server cannot learn the size up front.
      for (let i = 0; i < payload.length; i += 1024) req.write(payload.subarray(i, i + 1024));
    } else if (payload) {
      req.write(payload);
    }
    req.end();
  });
}

function makeResponse(res, raw) {
  const headers = { ...res.headers };
  const ct = String(headers['content-type'] || '');
  const enc = String(headers['content-encoding'] || '');
  let text = enc && enc !== 'identity' ? '' : raw.toString('utf8');
  let body = text;
  if (!enc || enc === 'identity') {
    if (ct.includes('json') || /^\s*[[{]/.test(text)) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
  }
  return { status: res.statusCode, headers, raw, text, body };
}

export class Client {
  constructor(baseUrl, { origin = true, userAgent } = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.origin = origin; // true: send the base URL as Origin; false: none; string: that value
    this.userAgent = userAgent || 'chatter-tests/1';
    this.cookies = new Map();
    this.token = null; // when set, sent as Authorization: Bearer
    this.last = null;
  }

  /** The current session cookie value, or undefined. */
  get cookie() {
    return this.cookies.get(SESSION_COOKIE);
  }

  set cookie(v) {
    if (v === undefined || v === null) this.cookies.delete(SESSION_COOKIE);
    else this.cookies.set(SESSION_COOKIE, v);
  }

  /** A new client with a copy of this client's cookies (another "tab" of the same session). */
  clone() {
    const c = new Client(this.baseUrl, { origin: this.origin, userAgent: this.userAgent });
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    c.token = this.token;
    return c;
  }

  async request(method, path, body, opts = {}) {
    const headers = {};
    const origin = opts.origin !== undefined ? opts.origin : this.origin;
    if (origin === true) headers['Origin'] = this.baseUrl;
    else if (typeof origin === 'string') headers['Origin'] = origin;
    headers['User-Agent'] = this.userAgent;
    headers['Accept'] = 'application/json';
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
      else payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const useCookie = opts.cookie !== undefined ? opts.cookie : true;
    if (useCookie && this.cookies.size > 0) {
      headers['Cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const token = opts.token !== undefined ? opts.token : this.token;
    if (token) headers['Authorization'] = `Bearer ${token}`;
    // Caller's headers win; a null value removes a default.
    for (const [k, v] of Object.entries(opts.headers || {})) {
      for (const existing of Object.keys(headers)) {
        if (existing.toLowerCase() === k.toLowerCase()) delete headers[existing];
      }
      if (v !== null && v !== undefined) headers[k] = v;
    }
    const res = await rawRequest(this.baseUrl, {
      method,
      path,
      headers,
      body: payload,
      timeoutMs: opts.timeoutMs,
      chunked: opts.chunked,
    });
    if (opts.updateJar !== false) this.#absorbCookies(res);
    this.last = res;
    return res;
  }

  #absorbCookies(res) {
    for (const c of setCookies(res)) {
      const maxAge = c.attrs['max-age'];
      const expired = c.value === '' || (maxAge !== undefined && Number(maxAge) <= 0);
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  get(path, opts) {
    return this.request('GET', path, undefined, opts);
  }

  post(path, body, opts) {
    return this.request('POST', path, body, opts);
  }

  put(path, body, opts) {
    return this.request('PUT', path, body, opts);
  }

  patch(path, body, opts) {
    return this.request('PATCH', path, body, opts);
  }

  del(path, body, opts) {
    return this.request('DELETE', path, body, opts);
  }

  register(username, password, extra = {}) {
    return this.post('/api/auth/register', { username, password, ...extra });
  }

  login(username, password) {
    return this.post('/api/auth/login', { username, password });
  }

  logout() {
    return this.post('/api/auth/logout', {});
  }

  whoami() {
    return this.get('/api/whoami');
  }
}

/** Register a fresh user on a new client; asserts nothing, returns {client, username, password, res}. */
export async function newUser(baseUrl, prefix = 'u', opts = {}) {
  const client = new Client(baseUrl, opts);
  const username = randomName(prefix);
  const password = randomPassword();
  const res = await client.register(username, password);
  if (res.status !== 201) {
    throw new Error(`register ${username} failed: ${res.status} ${res.text}`);
  }
  return { client, username, password, res };
}
