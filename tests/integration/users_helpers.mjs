// Helpers for the users integration tests (docs/api-files-admin.md, Users and Settings): tiny
// images of each accepted type and avatar uploads built with the files multipart helper.

import { multipart } from './files_helpers.mjs';

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** POST /api/account/avatar with one `file` part (the client's type claim is deliberately ignored). */
export function uploadAvatar(client, filename, data, { type = 'image/png', contentType, body } = {}) {
  const mp = multipart([{ name: 'file', filename, data, type }]);
  return client.post('/api/account/avatar', body ?? mp.body, {
    headers: { 'Content-Type': contentType ?? mp.contentType },
  });
}
