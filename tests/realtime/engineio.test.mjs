// Engine.IO v4 server checks, modelled on the official engine.io-protocol test suite
// (socketio-protocol.md §3): `chatterd conformance engineio` is a raw echo server at /engine.io/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, pollingHandshake, get, post, openWs, sleep, WebSocket } from "./helpers.mjs";

const P = "/engine.io/";
let server;
before(async () => {
  server = await startServer("engineio");
});
after(async () => {
  await server.stop();
});

test("polling handshake has exactly the five keys", async () => {
  const res = await fetch(`${server.url}${P}?EIO=4&transport=polling&t=abc`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  const body = await res.text();
  assert.equal(body[0], "0");
  const open = JSON.parse(body.slice(1));
  assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
  assert.equal(typeof open.sid, "string");
  assert.deepEqual(open.upgrades, ["websocket"]);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  assert.equal(open.maxPayload, 1000000);
});

test("websocket handshake sends the open packet first with no upgrades", async () => {
  const ws = await openWs(server.host, P);
  const first = await ws.next();
  assert.equal(first[0], "0");
  const open = JSON.parse(first.slice(1));
  assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
  assert.deepEqual(open.upgrades, []);
  ws.close();
});

test("bad handshakes get the reference error bodies", async () => {
  const cases = [
    ["?transport=polling", 400, { code: 5, message: "Unsupported protocol version" }],
    ["?EIO=abc&transport=polling", 400, { code: 5, message: "Unsupported protocol version" }],
    ["?EIO=3&transport=polling", 400, { code: 5, message: "Unsupported protocol version" }],
    ["?EIO=4", 400, { code: 0, message: "Transport unknown" }],
    ["?EIO=4&transport=abc", 400, { code: 0, message: "Transport unknown" }],
    ["?EIO=4&transport=polling&sid=nope", 400, { code: 1, message: "Session ID unknown" }],
    ["?EIO=4&transport=websocket", 400, { code: 3, message: "Bad request" }],
  ];
  for (const [query, status, body] of cases) {
    const res = await fetch(`${server.url}${P}${query}`);
    assert.equal(res.status, status, query);
    assert.deepEqual(await res.json(), body, query);
  }
  const res = await fetch(`${server.url}${P}?EIO=4&transport=polling`, { method: "POST", body: "4x" });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { code: 2, message: "Bad handshake method" });
});

test("websocket with a bad query is refused before the 101", async () => {
  const ws = new WebSocket(`ws://${server.host}${P}?EIO=abc&transport=websocket`);
  const status = await new Promise((resolve) => {
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode));
    ws.once("open", () => resolve(101));
    ws.once("error", () => resolve("error"));
  });
  assert.equal(status, 400);
});

test("CORS preflight", async () => {
  const res = await fetch(`${server.url}${P}?EIO=4&transport=polling`, {
    method: "OPTIONS",
    headers: { origin: "https://example.com", "access-control-request-headers": "content-type" },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-allow-headers"), "content-type");
});

test("polling echoes one message, a batch in one GET, and binary", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  let res = await post(server.url, P, sid, "4hello");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "ok");
  assert.equal(await (await get(server.url, P, sid)).text(), "4hello");

  await post(server.url, P, sid, "4test1\x1e4test2\x1e4test3");
  assert.equal(await (await get(server.url, P, sid)).text(), "4test1\x1e4test2\x1e4test3");

  await post(server.url, P, sid, "bAQIDBA==");
  assert.equal(await (await get(server.url, P, sid)).text(), "bAQIDBA==");
});

test("a pending GET is answered when the echo arrives", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const pending = get(server.url, P, sid);
  await sleep(30);
  await post(server.url, P, sid, "4late");
  assert.equal(await (await pending).text(), "4late");
});

test("an invalid packet closes the polling session", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const res = await post(server.url, P, sid, "abc");
  assert.equal(res.status, 400);
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("octet-stream bodies are refused and close the session", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const res = await post(server.url, P, sid, "4x", { "content-type": "application/octet-stream" });
  assert.equal(res.status, 400);
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("an oversized POST gets 413 and the session survives", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const res = await post(server.url, P, sid, "4" + "x".repeat(1_000_001)).catch(() => null);
  if (res) assert.equal(res.status, 413);
  await post(server.url, P, sid, "4still");
  assert.equal(await (await get(server.url, P, sid)).text(), "4still");
});

test("a second concurrent GET closes the session", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const first = get(server.url, P, sid);
  await sleep(5);
  const second = await get(server.url, P, sid);
  assert.ok([400, 500].includes(second.status));
  assert.equal(await (await first).text(), "1");
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("an aborted GET closes the session", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const controller = new AbortController();
  const pending = get(server.url, P, sid, controller.signal).catch(() => null);
  await sleep(5);
  controller.abort();
  await pending;
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("websocket echoes text and binary", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  ws.send("4hello");
  assert.equal(await ws.next(), "4hello");
  ws.send(Uint8Array.from([1, 2, 3, 4]));
  assert.deepEqual(await ws.next(), Buffer.from([1, 2, 3, 4]));
  ws.close();
});

test("an invalid packet closes the websocket", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  ws.send("abc");
  await ws.closed;
});

test("a message over maxPayload closes the websocket with 1009", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  ws.send("4" + "x".repeat(1_000_001));
  assert.equal(await ws.closed, 1009);
});

test("heartbeat over polling: three ping/pong rounds", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  for (let i = 0; i < 3; i++) {
    assert.equal(await (await get(server.url, P, sid)).text(), "2");
    assert.equal(await (await post(server.url, P, sid, "3")).text(), "ok");
  }
});

test("heartbeat over websocket: three ping/pong rounds", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  for (let i = 0; i < 3; i++) {
    assert.equal(await ws.next(), "2");
    ws.send("3");
  }
  ws.close();
});

test("ping timeout closes a polling session", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  // The suite sleeps exactly pingInterval + pingTimeout (500 ms); a margin keeps CI on a loaded
  // machine from failing on scheduler delay, which is not what this test is about.
  await sleep(700);
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("ping timeout closes a websocket session", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  await ws.closed;
});

test("client close over polling: pending GET gets noop, then 400", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const pending = get(server.url, P, sid);
  await sleep(30);
  await post(server.url, P, sid, "1");
  assert.equal(await (await pending).text(), "6");
  assert.equal((await get(server.url, P, sid)).status, 400);
});

test("client close racing its GET still answers the GET with noop", async () => {
  for (let i = 0; i < 5; i++) {
    const { sid } = await pollingHandshake(server.url, P);
    const [g, p] = await Promise.all([get(server.url, P, sid), post(server.url, P, sid, "1")]);
    assert.equal(p.status, 200);
    assert.equal(await g.text(), "6");
  }
});

test("client close over websocket closes it", async () => {
  const ws = await openWs(server.host, P);
  await ws.next();
  ws.send("1");
  await ws.closed;
});

test("upgrade: probe, noop for the GET, then messages over websocket", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const ws = await openWs(server.host, P, `&sid=${sid}`);
  ws.send("2probe");
  assert.equal(await ws.next(), "3probe");
  assert.equal(await (await get(server.url, P, sid)).text(), "6");
  ws.send("5");
  ws.send("4hello");
  assert.equal(await ws.next(), "4hello");
  const res = await get(server.url, P, sid);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { code: 3, message: "Bad request" });
  const second = await openWs(server.host, P, `&sid=${sid}`);
  await second.closed;
  ws.close();
});

test("a pending GET is released with noop when the probe arrives", async () => {
  const { sid } = await pollingHandshake(server.url, P);
  const pending = get(server.url, P, sid);
  await sleep(30);
  const ws = await openWs(server.host, P, `&sid=${sid}`);
  ws.send("2probe");
  assert.equal(await ws.next(), "3probe");
  assert.equal(await (await pending).text(), "6");
  ws.close();
});

test("websocket upgrade for an unknown sid is refused", async () => {
  const ws = new WebSocket(`ws://${server.host}${P}?EIO=4&transport=websocket&sid=nope`);
  const status = await new Promise((resolve) => {
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode));
    ws.once("open", () => resolve(101));
    ws.once("error", () => resolve("error"));
  });
  assert.equal(status, 400);
});
