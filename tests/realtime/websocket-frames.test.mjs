// chatterd's own RFC 6455 layer on the wire: the opening handshake, control frames, fragments,
// frames split and batched across TCP writes, the close code of each protocol violation, and the
// slow-consumer close.
// A raw TCP client writes the frames itself, so it can send what a WebSocket library never would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { createHash } from "node:crypto";
import { startServer } from "./helpers.mjs";

const P = "/engine.io/";
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
let server;
before(async () => {
  server = await startServer("engineio");
});
after(async () => {
  await server.stop();
});

/** A masked client frame. `first` is the FIN/RSV/opcode byte; `mask: false` sends it unmasked. */
function frame(first, payload, { mask = true } = {}) {
  const data = Buffer.from(payload);
  const head = [first];
  const maskBit = mask ? 0x80 : 0;
  if (data.length < 126) head.push(maskBit | data.length);
  else if (data.length <= 0xffff) head.push(maskBit | 126, data.length >> 8, data.length & 0xff);
  else throw new Error("frame too long for this helper");
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(data.map((b, i) => (mask ? b ^ key[i % 4] : b)));
  return Buffer.concat([Buffer.from(head), mask ? key : Buffer.alloc(0), body]);
}

const text = (s) => frame(0x81, s);

/** Opens a raw connection; resolves to { status, headers, next(), ended, write, socket }. */
async function connect({ version = "13", key = KEY } = {}) {
  const socket = net.connect(Number(server.host.split(":")[1]), "127.0.0.1");
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(
    `GET ${P}?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${server.host}\r\nConnection: Upgrade\r\n` +
      `Upgrade: websocket\r\nSec-WebSocket-Version: ${version}\r\nSec-WebSocket-Key: ${key}\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  const frames = [];
  const waiters = [];
  let head = null;
  let headResolve;
  const headReady = new Promise((resolve) => (headResolve = resolve));
  const ended = new Promise((resolve) => socket.once("close", resolve));
  socket.on("error", () => {});
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!head) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      head = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 4);
      headResolve();
    }
    while (buffer.length >= 2) {
      assert.equal(buffer[1] & 0x80, 0, "server frames are never masked");
      let len = buffer[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (buffer.length < 4) return;
        len = buffer.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (buffer.length < 10) return;
        len = Number(buffer.readBigUInt64BE(2));
        at = 10;
      }
      if (buffer.length < at + len) return;
      const item = { opcode: buffer[0] & 0x0f, fin: (buffer[0] & 0x80) !== 0, payload: buffer.subarray(at, at + len) };
      buffer = buffer.subarray(at + len);
      const waiter = waiters.shift();
      if (waiter) waiter(item);
      else frames.push(item);
    }
  });
  socket.once("close", () => {
    for (const waiter of waiters.splice(0)) waiter(null);
  });
  await Promise.race([headReady, ended]);
  const lines = (head ?? "").split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers = Object.fromEntries(
    lines.slice(1).map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const next = () => (frames.length ? Promise.resolve(frames.shift()) : new Promise((resolve) => waiters.push(resolve)));
  return { status, headers, next, ended, write: (b) => socket.write(b), socket };
}

async function opened() {
  const c = await connect();
  assert.equal(c.status, 101);
  const open = await c.next();
  assert.equal(open.opcode, 1);
  assert.equal(open.payload.toString()[0], "0");
  return c;
}

/** The close frame the server sends next (skipping pings), and that it then closes TCP. */
async function closeCode(c) {
  for (;;) {
    const f = await c.next();
    assert.ok(f, "the server sends a close frame before closing the connection");
    if (f.opcode === 8) {
      await c.ended;
      return f.payload.length >= 2 ? f.payload.readUInt16BE(0) : null;
    }
  }
}

test("101 carries the RFC 6455 accept key and no extension", async () => {
  const c = await opened();
  const expected = createHash("sha1").update(KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  assert.equal(c.headers["sec-websocket-accept"], expected);
  assert.equal(c.headers["sec-websocket-extensions"], undefined);
  c.socket.destroy();
});

test("another WebSocket version gets 426 with Sec-WebSocket-Version: 13", async () => {
  const c = await connect({ version: "8" });
  assert.equal(c.status, 426);
  assert.equal(c.headers["sec-websocket-version"], "13");
  await c.ended;
});

test("a key that is not base64 of 16 bytes gets 400", async () => {
  const c = await connect({ key: "not-a-key" });
  assert.equal(c.status, 400);
  await c.ended;
});

test("ping gets a pong with the same payload", async () => {
  const c = await opened();
  c.write(frame(0x89, "are you there"));
  const pong = await c.next();
  assert.equal(pong.opcode, 0xa);
  assert.equal(pong.payload.toString(), "are you there");
  c.socket.destroy();
});

test("fragments with a ping between them are one message", async () => {
  const c = await opened();
  c.write(Buffer.concat([frame(0x01, "4hel"), frame(0x89, "p"), frame(0x80, "lo")]));
  assert.equal((await c.next()).opcode, 0xa);
  assert.equal((await c.next()).payload.toString(), "4hello");
  c.socket.destroy();
});

test("a frame split into single bytes, and 50 frames in one write, are all echoed in order", async () => {
  const c = await opened();
  for (const byte of text("4split")) c.write(Buffer.from([byte]));
  assert.equal((await c.next()).payload.toString(), "4split");
  const many = Array.from({ length: 50 }, (_, i) => text(`4m${i}${"x".repeat(i * 10)}`));
  c.write(Buffer.concat(many));
  for (let i = 0; i < 50; i += 1) {
    assert.equal((await c.next()).payload.toString(), `4m${i}${"x".repeat(i * 10)}`);
  }
  c.socket.destroy();
});

test("a client close is answered with the same code, then TCP closes", async () => {
  const c = await opened();
  c.write(frame(0x88, Buffer.from([0x0f, 0xa0, 0x62, 0x79, 0x65])));
  assert.equal(await closeCode(c), 4000);
});

test("protocol violations close with 1002", async () => {
  const cases = [
    frame(0x81, "4unmasked", { mask: false }),
    frame(0xc1, "4rsv1"),
    frame(0x83, "reserved opcode"),
    frame(0x09, "fragmented ping"),
    frame(0x80, "continuation of nothing"),
    frame(0x89, "p".repeat(126)),
    Buffer.concat([frame(0x01, "4a"), frame(0x81, "4b")]),
    frame(0x88, Buffer.from([0x03, 0xed])),
  ];
  for (const bytes of cases) {
    const c = await opened();
    c.write(bytes);
    assert.equal(await closeCode(c), 1002, bytes.toString("hex"));
  }
});

test("invalid UTF-8 in a text message closes with 1007", async () => {
  const c = await opened();
  c.write(frame(0x81, Buffer.from([0x34, 0xc0, 0x80])));
  assert.equal(await closeCode(c), 1007);
});

test("a length past maxPayload closes with 1009 on the header alone", async () => {
  const c = await opened();
  const head = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x7f, 0, 0, 0, 1, 2, 3, 4]);
  c.write(head);
  assert.equal(await closeCode(c), 1009);
});

test("a client that stops reading is closed with 1008 slow consumer after what was queued", async () => {
  const c = await opened();
  c.socket.pause();
  // 30 echoes of ~1 MB: more than the 8 MiB queue plus what the kernel buffers hold. The frames
  // use the 64-bit length form and an all-zero mask, so the payload goes out as it is.
  const payload = Buffer.alloc(999_000, 0x61);
  const head = Buffer.alloc(14);
  head[0] = 0x82;
  head[1] = 0xff;
  head.writeBigUInt64BE(BigInt(payload.length), 2);
  for (let i = 0; i < 30; i += 1) c.write(Buffer.concat([head, payload]));
  await new Promise((resolve) => setTimeout(resolve, 500));
  c.socket.resume();
  let echoed = 0;
  for (;;) {
    const f = await c.next();
    assert.ok(f, "a close frame comes before the connection ends");
    if (f.opcode === 8) {
      assert.equal(f.payload.readUInt16BE(0), 1008);
      assert.equal(f.payload.subarray(2).toString(), "slow consumer");
      break;
    }
    assert.equal(f.payload.length, payload.length);
    echoed += 1;
  }
  assert.ok(echoed < 30, `only what was queued before the limit is delivered (${echoed})`);
  c.write(frame(0x88, Buffer.from([0x03, 0xe8])));
  await c.ended;
});
