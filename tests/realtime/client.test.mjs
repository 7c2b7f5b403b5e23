// The real socket.io-client 4.8 against `chatterd conformance socketio-extended`: transports,
// upgrade, binary, acks both ways, namespaces, disconnect reasons, limits, fan-out and recovery.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { startServer, sleep } from "./helpers.mjs";

let server;
const sockets = [];
before(async () => {
  server = await startServer("socketio-extended");
});
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

function client(nsp = "/", opts = {}) {
  const socket = io(`${server.url}${nsp}`, { forceNew: true, reconnectionDelay: 50, ...opts });
  sockets.push(socket);
  return socket;
}

function once(socket, event, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in time`)), timeoutMs);
    socket.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

for (const transports of [["polling"], ["websocket"]]) {
  test(`round trip over ${transports[0]} only`, async () => {
    const socket = client("/", { transports, upgrade: false });
    const [auth] = await once(socket, "auth");
    assert.deepEqual(auth, {});
    assert.equal(socket.io.engine.transport.name, transports[0]);
    socket.emit("message", 1, "2", { 3: [true] });
    assert.deepEqual(await once(socket, "message-back"), [1, "2", { 3: [true] }]);
    socket.disconnect();
  });
}

test("polling upgrades to websocket and keeps working", async () => {
  const socket = client("/", { auth: { token: "t" } });
  const [auth] = await once(socket, "auth");
  assert.deepEqual(auth, { token: "t" });
  if (socket.io.engine.transport.name !== "websocket") await once(socket.io.engine, "upgrade");
  assert.equal(socket.io.engine.transport.name, "websocket");
  socket.emit("message", "after upgrade");
  assert.deepEqual(await once(socket, "message-back"), ["after upgrade"]);
  socket.disconnect();
});

for (const transports of [["polling"], ["websocket"]]) {
  test(`binary both ways over ${transports[0]}`, async () => {
    const socket = client("/", { transports });
    await once(socket, "connect");
    socket.emit("message", Buffer.from([1, 2, 3]), { nested: Buffer.from([4]) });
    const [a, b] = await once(socket, "message-back");
    assert.deepEqual(Buffer.from(a), Buffer.from([1, 2, 3]));
    assert.deepEqual(Buffer.from(b.nested), Buffer.from([4]));
    const acked = await new Promise((resolve) => socket.emit("message-with-ack", Buffer.from([9]), (x) => resolve(x)));
    assert.deepEqual(Buffer.from(acked), Buffer.from([9]));
    socket.disconnect();
  });
}

test("acks both ways", async () => {
  const socket = client("/");
  await once(socket, "connect");
  const results = await new Promise((resolve) =>
    socket.emit("message-with-ack", 1, "2", { 3: [true] }, (...args) => resolve(args))
  );
  assert.deepEqual(results, [1, "2", { 3: [true] }]);
  socket.on("question", (n, reply) => reply(n * 2));
  socket.emit("ask-client", 21);
  assert.deepEqual(await once(socket, "answer"), [42]);
  socket.disconnect();
});

test("a server ack request times out when the client does not answer", async () => {
  const socket = client("/");
  await once(socket, "connect");
  socket.on("question", () => {});
  socket.emit("ask-client", 1);
  assert.deepEqual(await once(socket, "answer"), ["timeout"]);
  socket.disconnect();
});

test("several namespaces share one engine.io connection", async () => {
  const manager = client("/").io;
  const root = manager.socket("/");
  const custom = manager.socket("/custom", { auth: { token: "abc" } });
  custom.connect();
  const [[authRoot], [authCustom]] = await Promise.all([once(root, "auth"), once(custom, "auth")]);
  assert.deepEqual(authRoot, {});
  assert.deepEqual(authCustom, { token: "abc" });
  assert.notEqual(root.id, custom.id);
  custom.disconnect();
  root.emit("message", "still here");
  assert.deepEqual(await once(root, "message-back"), ["still here"]);
  root.disconnect();
});

test("unknown namespace gives connect_error Invalid namespace", async () => {
  const socket = client("/nope");
  const [err] = await once(socket, "connect_error");
  assert.equal(err.message, "Invalid namespace");
  socket.disconnect();
});

test("middleware refusal reaches the client with message and data", async () => {
  const socket = client("/recovery", { auth: { token: "bad" } });
  const [err] = await once(socket, "connect_error");
  assert.equal(err.message, "refused");
  assert.deepEqual(err.data, { reason: "bad token" });
  socket.disconnect();
});

test("heartbeat keeps the connection past several ping intervals", async () => {
  // The suite app pings every 300 ms with a 200 ms timeout; the extended app uses 25 s.
  const suite = await startServer("socketio");
  const socket = io(suite.url, { forceNew: true, transports: ["polling"] });
  sockets.push(socket);
  await once(socket, "connect");
  let disconnected = false;
  socket.on("disconnect", () => (disconnected = true));
  await sleep(1500);
  assert.equal(disconnected, false);
  socket.emit("message", "alive");
  assert.deepEqual(await once(socket, "message-back"), ["alive"]);
  socket.disconnect();
  await suite.stop();
});

test("server disconnect: io server disconnect, no reconnection", async () => {
  const socket = client("/");
  await once(socket, "connect");
  socket.emit("server-disconnect");
  const [reason] = await once(socket, "disconnect");
  assert.equal(reason, "io server disconnect");
  assert.equal(socket.active, false);
});

test("server disconnect with close: every namespace gets io server disconnect", async () => {
  const root = client("/");
  const custom = root.io.socket("/custom");
  custom.connect();
  await Promise.all([once(root, "connect"), once(custom, "connect")]);
  const reasons = Promise.all([once(root, "disconnect"), once(custom, "disconnect")]);
  root.emit("server-close");
  assert.deepEqual((await reasons).map(([reason]) => reason), ["io server disconnect", "io server disconnect"]);
  assert.equal(root.active, false);
});

test("a malformed packet closes the transport: transport close, then the client reconnects", async () => {
  const socket = client("/");
  await once(socket, "connect");
  const firstId = socket.id;
  socket.io.engine.write("garbage");
  const [reason] = await once(socket, "disconnect");
  assert.equal(reason, "transport close");
  await once(socket, "connect");
  assert.notEqual(socket.id, firstId);
  socket.disconnect();
});

test("an oversized message closes the connection", async () => {
  const socket = client("/", { transports: ["websocket"], reconnection: false });
  await once(socket, "connect");
  socket.emit("message", "x".repeat(1_100_000));
  const [reason] = await once(socket, "disconnect");
  assert.ok(["transport close", "transport error"].includes(reason), reason);
});

test("200 clients each receive one room broadcast exactly once", async () => {
  const n = 200;
  const counts = new Array(n).fill(0);
  const members = [];
  for (let i = 0; i < n; i++) {
    const socket = client("/", { transports: ["websocket"] });
    socket.on("broadcast", (payload) => {
      assert.equal(payload, "hello room");
      counts[i]++;
    });
    members.push(socket);
  }
  await Promise.all(members.map((s) => once(s, "connect", 10000)));
  await Promise.all(members.map((s) => new Promise((resolve) => s.emit("join", "room-200", resolve))));
  const outsider = client("/", { transports: ["websocket"] });
  let outsiderGot = 0;
  outsider.on("broadcast", () => outsiderGot++);
  await once(outsider, "connect");
  await new Promise((resolve) => outsider.emit("broadcast", "room-200", "hello room", resolve));
  const deadline = Date.now() + 5000;
  while (counts.some((c) => c === 0) && Date.now() < deadline) await sleep(20);
  await sleep(200);
  assert.deepEqual(counts, new Array(n).fill(1));
  assert.equal(outsiderGot, 0);
  for (const s of [...members, outsider]) s.disconnect();
});

test("a burst of large broadcasts reaches a member complete and in order", async () => {
  // Far more than the socket buffers hold: frames queue up on the server's write queue (which
  // compacts itself as it drains) and must come out whole and in order.
  const total = 400;
  const filler = "z".repeat(4096);
  const member = client("/", { transports: ["websocket"] });
  const sender = client("/", { transports: ["websocket"] });
  await Promise.all([once(member, "connect"), once(sender, "connect")]);
  await new Promise((resolve) => member.emit("join", "burst", resolve));
  const received = [];
  const all = new Promise((resolve) => {
    member.on("broadcast", (payload) => {
      received.push(payload);
      if (received.length === total) resolve();
    });
  });
  await Promise.all(
    Array.from({ length: total }, (_, i) =>
      new Promise((resolve) => sender.emit("broadcast", "burst", { i, filler }, resolve)),
    ),
  );
  await all;
  assert.deepEqual(
    received.map((p) => p.i),
    Array.from({ length: total }, (_, i) => i),
  );
  assert.ok(received.every((p) => p.filler === filler));
  member.disconnect();
  sender.disconnect();
});

test("connection state recovery: missed packets in order, rooms back, no duplicates", async () => {
  const socket = client("/recovery", { transports: ["websocket"] });
  const [recoveredFirst] = await once(socket, "welcome");
  assert.equal(recoveredFirst, false);
  const firstId = socket.id;
  await new Promise((resolve) => socket.emit("join", "r", resolve));
  const got = [];
  socket.on("broadcast", (payload) => got.push(payload));

  const sender = client("/recovery", { transports: ["websocket"] });
  await once(sender, "welcome");
  const send = (payload) => new Promise((resolve) => sender.emit("broadcast", "r", payload, resolve));
  await send("m1");
  while (got.length < 1) await sleep(10);

  const disconnected = once(socket, "disconnect");
  socket.io.engine.close();
  await disconnected;
  await send("m2");
  await send("m3");
  const welcome = once(socket, "welcome");
  await once(socket, "connect");
  assert.equal(socket.recovered, true);
  assert.equal(socket.id, firstId);
  // Like socket.io 4.8, every event of a recovering namespace carries its offset as last argument.
  const [recoveredNow, offset] = await welcome;
  assert.equal(recoveredNow, true);
  assert.equal(typeof offset, "string");
  await send("m4");
  const deadline = Date.now() + 3000;
  while (got.length < 4 && Date.now() < deadline) await sleep(10);
  await sleep(100);
  assert.deepEqual(got, ["m1", "m2", "m3", "m4"]);
  socket.disconnect();
  sender.disconnect();
});
