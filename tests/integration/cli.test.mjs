// The operator's commands beside `serve`: `user create`, `user password`, `migrate` and `backup`,
// run as a self-hoster runs them, against the data directory of a running server.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, newUser, randomName } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { startServer, useServer } from '../support/server.mjs';
import { upload } from './files_helpers.mjs';
import { PNG, uploadAvatar } from './users_helpers.mjs';

const S = useServer();
const { test } = S;

/** Runs `chatterd <args> --data-dir <the server's>`; resolves to {code, stdout, stderr}. */
function cli(srv, args, stdin) {
  return new Promise((resolve, reject) => {
    const proc = spawn(srv.bin, [...args, '--data-dir', srv.dataDir, '--log-level', 'warn'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
    proc.stdin.end(stdin ?? '');
  });
}

async function signIn(url, username, password) {
  const client = new Client(url);
  const res = await client.login(username, password);
  return { client, res };
}

/** An administrator made with `user create`, signed in. */
async function cliAdmin(srv) {
  const username = randomName('op');
  const made = await cli(srv, ['user', 'create', username, '--role', 'admin', '--password-stdin'], 'operator password\n');
  assert.equal(made.code, 0, made.stderr);
  const { client, res } = await signIn(srv.url, username, 'operator password');
  assertOk(res);
  return client;
}

test('user create makes an account that signs in, with a generated or a given password', async (t, srv) => {
  const name = randomName('cli');
  const made = await cli(srv, ['user', 'create', name, '--role', 'admin']);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, new RegExp(`^created ${name} with role admin\\npassword: (\\S{12,})\\n$`));
  const generated = made.stdout.match(/password: (\S+)/)[1];
  const { client, res } = await signIn(srv.url, name, generated);
  assertOk(res);
  assert.equal((await client.whoami()).body.role, 'admin');

  const other = randomName('cli');
  const given = await cli(srv, ['user', 'create', other, '--password-stdin'], 'typed password 1\n');
  assert.equal(given.code, 0, given.stderr);
  assert.ok(!given.stdout.includes('password:'), 'a typed password is not echoed');
  assertOk((await signIn(srv.url, other, 'typed password 1')).res);

  const taken = await cli(srv, ['user', 'create', other.toUpperCase()]);
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /^chatterd: .*taken/i);
  const weak = await cli(srv, ['user', 'create', randomName('cli'), '--password-stdin'], 'short\n');
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /at least 8 characters/);
  const badRole = await cli(srv, ['user', 'create', randomName('cli'), '--role', 'owner']);
  assert.notEqual(badRole.code, 0);
});

test('user password sets a new password and signs the account out everywhere, in the audit log', async (t, srv) => {
  const root = await cliAdmin(srv);
  const user = await newUser(srv.url, 'pw');
  const otherTab = await signIn(srv.url, user.username, user.password);
  assertOk(otherTab.res);

  const reset = await cli(srv, ['user', 'password', user.username.toUpperCase(), '--password-stdin'], 'the new password\r\n');
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(reset.stdout, `new password set for ${user.username}; 2 session(s) signed out\n`);
  assertOk(await root.get('/api/auth/sessions'));
  for (const signedOut of [user.client, otherTab.client]) {
    assertError(await signedOut.get('/api/auth/sessions'), 401, 'unauthorized');
    assert.equal((await signedOut.whoami()).body.username, null);
  }
  assertError((await signIn(srv.url, user.username, user.password)).res, 401, 'invalid_credentials');
  assertOk((await signIn(srv.url, user.username, 'the new password')).res);

  const generated = await cli(srv, ['user', 'password', user.username]);
  assert.equal(generated.code, 0, generated.stderr);
  const password = generated.stdout.match(/\npassword: (\S+)\n$/)[1];
  assertOk((await signIn(srv.url, user.username, password)).res);

  const audit = await root.get('/api/admin/audit?limit=5');
  assertOk(audit);
  const entry = audit.body.entries.find((e) => e.action === 'password_reset' && e.target === user.username);
  assert.ok(entry, JSON.stringify(audit.body.entries));
  assert.equal(entry.actor, '(command line)');

  const unknown = await cli(srv, ['user', 'password', 'nobody-here']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'chatterd: There is no account called nobody-here.\n');
  const system = await cli(srv, ['user', 'password', 'System']);
  assert.equal(system.code, 1);
  const weak = await cli(srv, ['user', 'password', user.username, '--password-stdin'], 'short\n');
  assert.equal(weak.code, 1);
  assertOk((await signIn(srv.url, user.username, password)).res);
});

test('migrate reports the schema version of an up-to-date database', async (t, srv) => {
  const first = await cli(srv, ['migrate']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^database at schema version \d+\n$/);
  const again = await cli(srv, ['migrate']);
  assert.equal(again.stdout, first.stdout);
});

test('backup copies a running installation, and a server started on the copy has everything', async (t, srv) => {
  const user = await newUser(srv.url, 'bk');
  const channel = randomName('bk');
  const made = await user.client.post('/api/command', { command: `/message send general backed up ${channel}` });
  assertOk(made);
  const data = Buffer.from(`file for ${channel}`);
  const file = await upload(user.client, 'kept.txt', data);
  assert.equal(file.status, 201, file.text);
  const avatar = await uploadAvatar(user.client, 'me.png', PNG);
  assertOk(avatar);

  const parent = await fsp.mkdtemp(path.join(os.tmpdir(), 'chatter-backup-'));
  t.after(() => fsp.rm(parent, { recursive: true, force: true }));
  const destination = path.join(parent, 'copy');
  const done = await cli(srv, ['backup', destination]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /database \d+ bytes, (\d+) file\(s\), (\d+) avatar\(s\)\n$/);
  const [, files, avatars] = done.stdout.match(/(\d+) file\(s\), (\d+) avatar\(s\)/);
  assert.ok(Number(files) >= 1 && Number(avatars) >= 1, done.stdout);
  assert.deepEqual((await fsp.readdir(destination)).sort(), ['avatars', 'chatter.db', 'files']);

  const again = await cli(srv, ['backup', destination]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /not an empty directory; a backup never overwrites/);
  const missing = await cli({ ...srv, dataDir: path.join(parent, 'no-such-dir') }, ['backup', path.join(parent, 'x')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /There is no database at/);
  await assert.rejects(fsp.stat(path.join(parent, 'no-such-dir')), 'a mistyped --data-dir is not created');

  const restored = await startServer({ dataDir: destination });
  t.after(() => restored.stop());
  const again2 = new Client(restored.url);
  assertOk(await again2.login(user.username, user.password));
  const history = await again2.get('/api/messages?channel=general&limit=50');
  assertOk(history);
  assert.ok(history.body.messages.some((m) => m.text === `backed up ${channel}`));
  const download = await new Client(restored.url).get(file.body.url);
  assert.equal(download.status, 200);
  assert.deepEqual(download.raw, data);
  const image = await new Client(restored.url).get(avatar.body.avatar_url);
  assert.equal(image.status, 200);
  assert.deepEqual(image.raw, PNG);
});

test('backup refuses PostgreSQL mode with the way to do it there', async (t, srv) => {
  const refused = await cli(srv, ['backup', path.join(os.tmpdir(), randomName('never')), '--database', 'postgresql://nobody@127.0.0.1:1/none']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /pg_dump/);
});
