// Shared helpers for the administration integration tests (docs/api-files-admin.md, Admin): a
// superadmin, admins and users on one server, and sign-in from a given X-Forwarded-For.

import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { admin } from './messaging_helpers.mjs';

/** Flags every admin test server gets: many registrations from loopback. */
export const ADMIN_ARGS = ['--register-per-ip-per-hour', '10000', '--login-attempts-per-ip', '10000'];

/** The server's first account (superadmin); call before creating other users. */
export function superadmin(url) {
  return admin(url);
}

/** Creates an account with `role` through the admin API and signs it in on a new client. */
export async function userWithRole(url, role, prefix = role.slice(0, 3)) {
  const root = await superadmin(url);
  const username = randomName(prefix);
  const password = randomPassword();
  const created = await root.client.post('/api/admin/users', { username, password, role });
  if (created.status !== 201) throw new Error(`create ${role} failed: ${created.status} ${created.text}`);
  const client = new Client(url);
  const login = await client.login(username, password);
  if (login.status !== 200) throw new Error(`login ${username} failed: ${login.status} ${login.text}`);
  return { client, username, password };
}

/** A superadmin, an admin and a plain user (the role matrix). */
export async function roles(url) {
  const root = await superadmin(url);
  const adminUser = await userWithRole(url, 'admin');
  const user = await newUser(url, 'usr');
  return { root, admin: adminUser, user };
}
