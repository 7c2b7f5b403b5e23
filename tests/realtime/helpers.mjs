// Shared helpers: start `chatterd conformance <mode> --port 0` and talk raw Engine.IO to it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";

export { sleep, WebSocket };

/** Starts the conformance server; resolves to { url, host, stop }. */
export async function startServer(mode) {
  const bin = process.env.CHATTERD_BIN;
  if (!bin) throw new Error("set CHATTERD_BIN to the chatterd binary");
  const child = spawn(bin, ["conformance", mode, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const port = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`chatterd exited with ${code} before listening`)));
  });
  const host = `127.0.0.1:${port}`;
  return {
    host,
    url: `http://${host}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Polling handshake on `path`; resolves to the open packet's JSON. */
export async function pollingHandshake(url, path) {
  const res = await fetch(`${url}${path}?EIO=4&transport=polling`);
  if (res.status !== 200) throw new Error(`handshake status ${res.status}`);
  const body = await res.text();
  return JSON.parse(body.slice(1));
}

export function get(url, path, sid, signal) {
  return fetch(`${url}${path}?EIO=4&transport=polling&sid=${sid}`, { signal });
}

export function post(url, path, sid, body, headers = {}) {
  return fetch(`${url}${path}?EIO=4&transport=polling&sid=${sid}`, { method: "POST", body, headers });
}

/** A WebSocket with a queue of received messages (text as strings, binary as Buffers). */
export async function openWs(host, path, query) {
  const ws = new WebSocket(`ws://${host}${path}?EIO=4&transport=websocket${query ?? ""}`);
  const messages = [];
  const waiters = [];
  ws.on("message", (data, isBinary) => {
    const item = isBinary ? Buffer.from(data) : data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(item);
    else messages.push(item);
  });
  ws.next = (timeoutMs = 2000) =>
    messages.length
      ? Promise.resolve(messages.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no message in time")), timeoutMs);
          waiters.push((m) => {
            clearTimeout(timer);
            resolve(m);
          });
        });
  ws.closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return ws;
}
