// Helpers for the tmpweb integration tests (docs/api-files-admin.md): multipart bodies built by
// hand (so boundaries and framing can be wrong on purpose) and uploads through the test client.

import crypto from 'node:crypto';

/** A multipart/form-data body: parts are {name, filename?, data (Buffer|string), type?}. */
export function multipart(parts, boundary = `----chatter${crypto.randomBytes(8).toString('hex')}`) {
  const chunks = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /api/files/upload of one file; `extra` parts are added after it. */
export function upload(client, filename, data, { expiresIn, contentType, body } = {}) {
  const parts = [{ name: 'file', filename, data, type: 'application/octet-stream' }];
  if (expiresIn !== undefined) parts.push({ name: 'expires_in', data: String(expiresIn) });
  const mp = multipart(parts);
  return client.post('/api/files/upload', body ?? mp.body, {
    headers: { 'Content-Type': contentType ?? mp.contentType },
  });
}
