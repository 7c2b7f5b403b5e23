// Site alerts, maintenance mode, posting as System, and reports with the admin queue
// (docs/api-files-admin.md, Admin).

import assert from 'node:assert/strict';
import { newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { ADMIN_ARGS, roles } from './admin_helpers.mjs';
import { assertAccepted, assertRefused, call, connect, ISO_Z, nextEvent, setSettings } from './messaging_helpers.mjs';

const { test } = useServer({ args: ADMIN_ARGS });

test('alerts: admins create and delete; everyone signed in lists them and hears them live', async (t, srv) => {
  const { admin, user } = await roles(srv.url);
  const socket = await connect(srv.url, user.client);
  t.after(() => socket.close());
  const pushed = nextEvent(socket, 'alert');
  const made = await admin.client.post('/api/admin/alerts', { text: 'Upgrade at 18:00', level: 'warning', expires_at: '2099-01-01T00:00:00Z' });
  assertOk(made, 201);
  const alert = made.body.alert;
  assert.deepEqual(Object.keys(alert).sort(), ['created_at', 'created_by', 'expires_at', 'id', 'level', 'text']);
  assert.equal(alert.level, 'warning');
  assert.equal(alert.expires_at, '2099-01-01T00:00:00Z');
  assert.match(alert.created_at, ISO_Z);
  assert.deepEqual(await pushed, alert);
  const listed = await user.client.get('/api/alerts');
  assertOk(listed);
  assert.ok(listed.body.alerts.some((a) => a.id === alert.id));

  assertError(await admin.client.post('/api/admin/alerts', { text: '' }), 400, 'invalid_text');
  assertError(await admin.client.post('/api/admin/alerts', { text: 'x'.repeat(501) }), 400, 'invalid_text');
  assertError(await admin.client.post('/api/admin/alerts', { text: 'x', level: 'panic' }), 400, 'invalid_level');
  assertError(await admin.client.post('/api/admin/alerts', { text: 'x', expires_at: '2001-01-01T00:00:00Z' }), 400, 'invalid_expires_at');
  assertError(await admin.client.post('/api/admin/alerts', { text: 'x', expires_at: 'soon' }), 400, 'invalid_expires_at');
  assertError(await admin.client.post('/api/admin/alerts', { text: 5 }), 400, 'invalid_field');

  const removed = nextEvent(socket, 'alert_removed');
  assertOk(await admin.client.del(`/api/admin/alerts/${alert.id}`));
  assert.deepEqual(await removed, { id: alert.id });
  assertError(await admin.client.del(`/api/admin/alerts/${alert.id}`), 404, 'alert_not_found');
  assert.ok(!(await user.client.get('/api/alerts')).body.alerts.some((a) => a.id === alert.id));
});

test('maintenance mode: non-admins get a clear 503 on sending, admins still post', async (t, srv) => {
  const { root, admin, user } = await roles(srv.url);
  const userSocket = await connect(srv.url, user.client);
  const adminSocket = await connect(srv.url, admin.client);
  t.after(() => {
    userSocket.close();
    adminSocket.close();
  });
  await setSettings(root.client, { MAINTENANCE_MODE: 1 });
  try {
    const refused = await call(userSocket, 'send_message', { channel: 'general', text: 'hello' });
    assertRefused(refused, 'maintenance');
    assert.match(refused.error, /maintenance/);
    assertAccepted(await call(adminSocket, 'send_message', { channel: 'general', text: 'we are on it' }));
  } finally {
    await setSettings(root.client, { MAINTENANCE_MODE: 0 });
  }
  assertAccepted(await call(userSocket, 'send_message', { channel: 'general', text: 'back' }));
});

test('posting as System reaches everyone as a channel message; System cannot sign in or be moderated', async (t, srv) => {
  const { admin, user } = await roles(srv.url);
  const socket = await connect(srv.url, user.client);
  t.after(() => socket.close());
  const seen = nextEvent(socket, 'new_message', (m) => m.username === 'System');
  const posted = await admin.client.post('/api/admin/system_message', { channel: 'general', text: 'Server notice' });
  assertOk(posted);
  assert.equal(posted.body.message.username, 'System');
  const live = await seen;
  assert.equal(live.text, 'Server notice');
  assert.equal(live.id, posted.body.message.id);
  const history = await user.client.get('/api/messages?channel=general');
  assert.ok(JSON.stringify(history.body).includes('Server notice'));

  assertError(await admin.client.post('/api/admin/system_message', { channel: 'no-such-channel', text: 'x' }), 404, 'channel_not_found');
  assertError(await admin.client.post('/api/admin/system_message', { channel: 'general', text: '' }), 400, 'invalid_text');
  assertError(await admin.client.post('/api/admin/system_message', { channel: 'general' }), 400, 'missing_field');
  assertError(await user.client.register('System', 'a long password'), 400, 'invalid_username');
  assertError(await user.client.register('system', 'a long password'), 400, 'invalid_username');
  assertError(await admin.client.post('/api/admin/users/System/ban', {}), 403, 'cannot_moderate');
  assertError(await admin.client.post('/api/admin/users/System/password', { password: 'a long password' }), 403, 'cannot_moderate');
});

test('reports: visible messages and users only, reasons checked, admins notified and resolve them', async (t, srv) => {
  const { admin, user: reporter } = await roles(srv.url);
  const author = await newUser(srv.url, 'aut');
  const outsider = await newUser(srv.url, 'out');
  const adminSocket = await connect(srv.url, admin.client);
  const reporterSocket = await connect(srv.url, reporter.client);
  const authorSocket = await connect(srv.url, author.client);
  const outsiderSocket = await connect(srv.url, outsider.client);
  t.after(() => [adminSocket, reporterSocket, authorSocket, outsiderSocket].forEach((s) => s.close()));

  const publicMsg = assertAccepted(await call(authorSocket, 'send_message', { channel: 'general', text: 'public rant' })).message;
  const dm = assertAccepted(await call(authorSocket, 'dm_send', { to: reporter.username, text: 'private insult' })).message;

  const notified = nextEvent(adminSocket, 'report_new');
  const ack = assertAccepted(await call(reporterSocket, 'report_message', { message_id: dm.id, kind: 'dm', reason: 'insulting me' }));
  assert.equal(ack.report.target, author.username);
  assert.equal(ack.report.excerpt, 'private insult');
  assert.equal(ack.report.status, 'open');
  assert.equal((await notified).id, ack.report.id);

  // The outsider cannot see the DM: as if it did not exist.
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: dm.id, kind: 'dm', reason: 'x' }), 'message_not_found');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: dm.id, kind: 'gdm', reason: 'x' }), 'message_not_found');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: 999999, reason: 'x' }), 'message_not_found');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: publicMsg.id, kind: 'mail', reason: 'x' }), 'invalid_kind');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: publicMsg.id, reason: '   ' }), 'invalid_reason');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: publicMsg.id, reason: 'r'.repeat(501) }), 'invalid_reason');
  assertRefused(await call(outsiderSocket, 'report_message', { message_id: 'abc', reason: 'x' }), 'invalid_field');
  assertRefused(await call(outsiderSocket, 'report_message', 'not an object'), 'invalid_json');
  assertRefused(await call(authorSocket, 'report_message', { message_id: publicMsg.id, reason: 'mine' }), 'cannot_report_self');
  assertAccepted(await call(outsiderSocket, 'report_message', { message_id: publicMsg.id, reason: 'rant' }));

  assertRefused(await call(outsiderSocket, 'report_user', { username: 'nobody_here', reason: 'x' }), 'user_not_found');
  assertRefused(await call(outsiderSocket, 'report_user', { username: outsider.username, reason: 'x' }), 'cannot_report_self');
  const userReport = assertAccepted(await call(outsiderSocket, 'report_user', { username: author.username, reason: 'spammer' }));
  assert.equal(userReport.report.kind, 'user');

  const queue = await admin.client.get('/api/admin/reports?status=open');
  assertOk(queue);
  const ids = queue.body.reports.map((r) => r.id);
  assert.ok(ids.includes(ack.report.id) && ids.includes(userReport.report.id));
  assertError(await admin.client.get('/api/admin/reports?status=closed'), 400, 'invalid_status');

  const resolved = await admin.client.post(`/api/admin/reports/${ack.report.id}/resolve`, { note: 'warned' });
  assertOk(resolved);
  assert.equal(resolved.body.report.status, 'resolved');
  assert.equal(resolved.body.report.resolved_by, admin.username);
  assert.equal(resolved.body.report.note, 'warned');
  assertError(await admin.client.post(`/api/admin/reports/${ack.report.id}/resolve`, {}), 409, 'already_resolved');
  assertError(await admin.client.post('/api/admin/reports/999999/resolve', {}), 404, 'report_not_found');
  assertError(await admin.client.post(`/api/admin/reports/${userReport.report.id}/resolve`, { note: 'n'.repeat(501) }), 400, 'invalid_note');
  const done = await admin.client.get('/api/admin/reports?status=resolved');
  assert.ok(done.body.reports.some((r) => r.id === ack.report.id));
});

test('a flood of reports is rate limited', async (t, srv) => {
  await roles(srv.url);
  const flooder = await newUser(srv.url, 'fld');
  const target = await newUser(srv.url, 'tgt');
  const socket = await connect(srv.url, flooder.client);
  t.after(() => socket.close());
  const acks = [];
  for (let i = 0; i < 8; i++) acks.push(await call(socket, 'report_user', { username: target.username, reason: `spam ${i}` }));
  assert.equal(acks.filter((a) => a.ok).length, 5);
  const limited = acks.filter((a) => !a.ok);
  assert.equal(limited.length, 3);
  for (const a of limited) {
    assertRefused(a, 'rate_limited');
    assert.ok(a.retry_after > 0);
  }
});
