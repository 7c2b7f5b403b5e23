// Socket.IO v5 server checks at the frame level, modelled on the official socket.io-protocol test
// suite (socketio-protocol.md §3): `chatterd conformance socketio` runs the suite's app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, pollingHandshake, get, post, openWs, sleep } from "./helpers.mjs";

const P = "/socket.io/";
let server;
before(async () => {
  server = await startServer("socketio");
});
after(async () => {
  await server.stop();
});

async function connected(nspPacket = "40") {
  const ws = await openWs(server.host, P);
  const open = await ws.next();
  assert.equal(open[0], "0");
  ws.send(nspPacket);
  return ws;
}

function expectSidOnly(frame, prefix) {
  assert.ok(frame.startsWith(prefix), frame);
  const body = JSON.parse(frame.slice(prefix.length));
  assert.deepEqual(Object.keys(body), ["sid"]);
  assert.equal(typeof body.sid, "string");
  return body.sid;
}

test("engine.io handshake over polling at /socket.io/", async () => {
  const open = await pollingHandshake(server.url, P);
  assert.deepEqual(open.upgrades, ["websocket"]);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.maxPayload, 1000000);
});

test("connect to / without auth", async () => {
  const ws = await connected("40");
  const sid = expectSidOnly(await ws.next(), "40");
  assert.equal(await ws.next(), '42["auth",{}]');
  ws.close();
  return sid;
});

test("the socket id differs from the engine.io sid", async () => {
  const ws = await openWs(server.host, P);
  const open = JSON.parse((await ws.next()).slice(1));
  ws.send("40");
  const sid = expectSidOnly(await ws.next(), "40");
  assert.notEqual(sid, open.sid);
  ws.close();
});

test("connect to / with auth", async () => {
  const ws = await connected('40{"token":"123"}');
  expectSidOnly(await ws.next(), "40");
  assert.equal(await ws.next(), '42["auth",{"token":"123"}]');
  ws.close();
});

test("connect to /custom with and without auth", async () => {
  const ws = await connected("40/custom,");
  expectSidOnly(await ws.next(), "40/custom,");
  assert.equal(await ws.next(), '42/custom,["auth",{}]');
  ws.close();
  const ws2 = await connected('40/custom,{"token":"abc"}');
  expectSidOnly(await ws2.next(), "40/custom,");
  assert.equal(await ws2.next(), '42/custom,["auth",{"token":"abc"}]');
  ws2.close();
});

test("unknown namespace gets CONNECT_ERROR and the connection stays", async () => {
  const ws = await connected("40/random");
  assert.equal(await ws.next(), '44/random,{"message":"Invalid namespace"}');
  ws.send("40");
  expectSidOnly(await ws.next(), "40");
  ws.close();
});

test("an invalid first packet closes the connection", async () => {
  const ws = await connected("4abc");
  await ws.closed;
});

test("no CONNECT within connectTimeout closes the connection", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  // Keep the engine.io session alive with pongs; only the Socket.IO connect timeout may close it.
  ws.on("message", (data) => {
    if (data.toString() === "2") ws.send("3");
  });
  await ws.closed;
});

test("DISCONNECT from / keeps the engine.io session (next frame is a ping)", async () => {
  const ws = await connected("40");
  await ws.next();
  await ws.next();
  ws.send("41");
  assert.equal(await ws.next(), "2");
  ws.close();
});

test("leaving /custom keeps / working", async () => {
  const ws = await connected("40");
  await ws.next();
  await ws.next();
  ws.send("40/custom,");
  await ws.next();
  await ws.next();
  ws.send("41/custom,");
  ws.send('42["message","hi"]');
  assert.equal(await ws.next(), '42["message-back","hi"]');
  ws.close();
});

test("plain event and event with ack keep the exact JSON", async () => {
  const ws = await connected("40");
  await ws.next();
  await ws.next();
  ws.send('42["message",1,"2",{"3":[true]}]');
  assert.equal(await ws.next(), '42["message-back",1,"2",{"3":[true]}]');
  ws.send('42456["message-with-ack",1,"2",{"3":[true]}]');
  assert.equal(await ws.next(), '43456[1,"2",{"3":[true]}]');
  ws.send('420["message-with-ack"]');
  assert.equal(await ws.next(), "430[]");
  ws.close();
});

test("binary event and binary ack", async () => {
  const ws = await connected("40");
  await ws.next();
  await ws.next();
  ws.send('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  ws.send(Uint8Array.from([1, 2, 3]));
  ws.send(Uint8Array.from([4, 5, 6]));
  assert.equal(await ws.next(), '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  assert.deepEqual(await ws.next(), Buffer.from([1, 2, 3]));
  assert.deepEqual(await ws.next(), Buffer.from([4, 5, 6]));
  ws.send('452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  ws.send(Uint8Array.from([1, 2, 3]));
  ws.send(Uint8Array.from([4, 5, 6]));
  assert.equal(await ws.next(), '462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  assert.deepEqual(await ws.next(), Buffer.from([1, 2, 3]));
  assert.deepEqual(await ws.next(), Buffer.from([4, 5, 6]));
  ws.close();
});

test("binary over polling uses b-records", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  await post(server.url, P, sid, "40");
  const connect = await (await get(server.url, P, sid)).text();
  const frames = connect.split("\x1e");
  assert.ok(frames[0].startsWith("40{"));
  assert.equal(frames[1], '42["auth",{}]');
  await post(server.url, P, sid, '451-["message",{"_placeholder":true,"num":0}]\x1ebAQID');
  assert.equal(
    await (await get(server.url, P, sid)).text(),
    '451-["message-back",{"_placeholder":true,"num":0}]\x1ebAQID'
  );
});

for (const [name, frame] of [
  ["unknown packet type", "4abc"],
  ["event payload that is not an array", "42{}"],
  ["invalid ack id", '42abc["message-with-ack",1,"2",{"3":[true]}]'],
  ["reserved event name", '42["disconnect"]'],
  ["event for a namespace not joined", '42/custom,["message"]'],
  ["second CONNECT for a joined namespace", "40"],
  ["binary frame when none is awaited", null],
]) {
  test(`closes the connection on ${name}`, async () => {
    const ws = await connected("40");
    await ws.next();
    await ws.next();
    ws.send(frame ?? Uint8Array.from([1]));
    await ws.closed;
  });
}

test("heartbeat keeps a connected socket alive past pingInterval + pingTimeout", async () => {
  const ws = await connected("40");
  await ws.next();
  await ws.next();
  for (let i = 0; i < 3; i++) {
    assert.equal(await ws.next(), "2");
    ws.send("3");
  }
  ws.send('42["message","still"]');
  assert.equal(await ws.next(), '42["message-back","still"]');
  ws.close();
});
