// Reference server for bench/: npm socket.io 4.8 running the same app as
// `chatterd conformance socketio-extended` (src/app/conformance.cpp), with the same options.
//   node server.mjs <port> [--recovery]     (port 0 picks a free one)
// Prints `listening on http://127.0.0.1:<port>` once bound; SIGINT/SIGTERM stop it.
//
// One difference, on purpose: chatterd enables connection-state recovery on "/recovery" only;
// Node's option is server-wide and would make every broadcast on "/" pay for it (offsets and a
// replay buffer), so it stays off unless --recovery is given. The benchmarks use "/" only.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 0);
const withRecovery = process.argv.includes("--recovery");

const httpServer = createServer((req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("Not found");
});

const io = new Server(httpServer, {
  path: "/socket.io/",
  pingInterval: 25000,
  pingTimeout: 20000,
  connectTimeout: 45000,
  maxHttpBufferSize: 1_000_000,
  cors: { origin: "*" },
  ...(withRecovery ? { connectionStateRecovery: { maxDisconnectionDuration: 30_000 } } : {}),
});

// The Socket.IO suite's root app: `auth` on connection, `message` -> `message-back`,
// `message-with-ack` -> ack with the same args.
function suiteRoot(socket) {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", (...args) => socket.emit("message-back", ...args));
  socket.on("message-with-ack", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (ack) ack(...args);
  });
}

function suiteCustom(socket) {
  socket.emit("auth", socket.handshake.auth);
}

// Extra events of mode "socketio-extended": rooms, broadcasts, server-side disconnects,
// server -> client acks.
function installTestEvents(nsp, socket) {
  socket.on("join", (room, ack) => {
    if (typeof room === "string") socket.join(room);
    if (typeof ack === "function") ack();
  });
  socket.on("broadcast", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (args.length >= 2 && typeof args[0] === "string") nsp.to(args[0]).emit("broadcast", args[1]);
    if (ack) ack();
  });
  socket.on("server-disconnect", () => socket.disconnect());
  socket.on("server-close", () => socket.disconnect(true));
  socket.on("ask-client", (...args) => {
    if (typeof args[args.length - 1] === "function") args.pop();
    socket.timeout(1000).emit("question", ...args, (err, ...response) => {
      if (err) socket.emit("answer", "timeout");
      else socket.emit("answer", ...response);
    });
  });
}

const root = io.of("/");
root.on("connection", (socket) => {
  suiteRoot(socket);
  installTestEvents(root, socket);
});
io.of("/custom").on("connection", suiteCustom);

const recovering = io.of("/recovery");
recovering.use((socket, next) => {
  if (socket.handshake.auth?.token === "bad") {
    const err = new Error("refused");
    err.data = { reason: "bad token" };
    next(err);
    return;
  }
  socket.data = "user";
  next();
});
recovering.on("connection", (socket) => {
  installTestEvents(recovering, socket);
  socket.emit("welcome", socket.recovered);
});

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${httpServer.address().port}`);
});

const stop = () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
