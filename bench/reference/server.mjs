// Reference server for the fan-out benchmark: plain socket.io 4 with the same events as
// `openchat-fixture bench`, so bench/run.sh can drive both with one load generator and report
// ratios. It is a baseline to measure against, not an example of how OpenChat works.
//
// Usage: node server.mjs --port N
//   join      (room)          -> socket.join(room)
//   broadcast (room, payload) -> io.to(room).emit("message", payload)   (sender included)
import { Server } from "socket.io";

function parsePort(argv) {
  const i = argv.indexOf("--port");
  const port = i >= 0 ? Number(argv[i + 1]) : 3000;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error("usage: node server.mjs --port N");
    process.exit(2);
  }
  return port;
}

const port = parsePort(process.argv.slice(2));
const io = new Server(port, {
  serveClient: false,
  perMessageDeflate: false,
  transports: ["websocket"],
});

io.on("connection", (socket) => {
  socket.on("join", (room) => {
    socket.join(room);
  });
  socket.on("broadcast", (room, payload) => {
    io.to(room).emit("message", payload);
  });
});

// The orchestrator sends SIGTERM when a scenario ends; close sockets so the port frees at once.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    io.close();
    process.exit(0);
  });
}
console.log(`LISTENING ${port}`);
