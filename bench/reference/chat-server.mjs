// Reference server for the persisted-message benchmark (bench/chat.mjs): a Node.js chat server
// written the way a typical one is, with socket.io 4 and the `pg` package's connection pool.
// On `message:send` it INSERTs the message (one row, one statement, no batching: the pool's
// autocommit makes each its own transaction), and only once the INSERT has returned does it
// acknowledge and emit `message:new` to the channel's room, sender excluded. Events, payloads
// and the Message object follow docs/PROTOCOL.md, "Events of the main namespace", so one load
// generator drives both servers. Sign-in is a lookup in a token map read at start, so the
// comparison is about persistence and fan-out, not about sessions. A baseline to measure
// against, not an example of how OpenChat works.
//
// Usage: node chat-server.mjs --port N --clients FILE --database-url URL [--pool 10]
//   FILE: one client a line, "zone channel_id token user_id username chat_id" (bench/chat.mjs
//   writes it); the user may send to channel_id, which belongs to zone chat_id.
import fs from "node:fs";
import pg from "pg";
import { Server } from "socket.io";

function args(argv) {
  const out = { port: 3000, clients: null, databaseUrl: null, pool: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === "--port") out.port = Number(v);
    else if (k === "--clients") out.clients = v;
    else if (k === "--database-url") out.databaseUrl = v;
    else if (k === "--pool") out.pool = Number(v);
    else out.bad = true;
  }
  if (out.bad || !out.clients || !out.databaseUrl || !(out.port > 0 && out.port < 65536) || !(out.pool > 0)) {
    console.error("usage: node chat-server.mjs --port N --clients FILE --database-url URL [--pool 10]");
    process.exit(2);
  }
  return out;
}

const opts = args(process.argv.slice(2));

// token -> user, each with the channels it may post to ("channel_id" -> its zone's chat id).
const users = new Map();
for (const line of fs.readFileSync(opts.clients, "utf8").split("\n")) {
  const [, channelId, token, id, username, chatId] = line.trim().split(/\s+/);
  if (!chatId || line.startsWith("#")) continue;
  let user = users.get(token);
  if (!user) {
    user = { id, username, display_name: username, avatar_url: null, channels: new Map() };
    users.set(token, user);
  }
  user.channels.set(channelId, chatId);
}

// The same columns as OpenChat's messages table (src/store/migrations/postgres), with its
// lookup indexes and the (author_id, nonce) uniqueness; the users, chats and channels tables
// (and so the foreign keys) are left out, as is the full-text index.
const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.pool });
await pool.query(`
  CREATE TABLE IF NOT EXISTS messages (
    id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL, channel_id BIGINT, author_id BIGINT,
    content TEXT NOT NULL DEFAULT '', reply_to BIGINT, nonce TEXT, created_at BIGINT NOT NULL,
    edited_at BIGINT, deleted_at BIGINT, pinned INTEGER NOT NULL DEFAULT 0, pinned_at BIGINT,
    UNIQUE (author_id, nonce));
  CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat_id, id);
  CREATE INDEX IF NOT EXISTS messages_by_channel ON messages (channel_id, id);`);

// Time-ordered 64-bit ids like OpenChat's: milliseconds since 2024 above a 22-bit sequence.
const EPOCH = 1704067200000;
let lastMs = 0;
let seq = 0;
function nextId() {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++seq === 1 << 22) {
      ms = ++lastMs;
      seq = 0;
    }
  } else {
    lastMs = ms;
    seq = 0;
  }
  return ((BigInt(ms - EPOCH) << 22n) | BigInt(seq)).toString();
}

const INSERT = {
  name: "insert-message",
  text: `INSERT INTO messages (id, chat_id, channel_id, author_id, content, nonce, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
};
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

function refuse(ack, code, message, field) {
  ack({ error: field ? { code, message, field } : { code, message } });
}

const io = new Server(opts.port, {
  serveClient: false,
  perMessageDeflate: false,
  transports: ["websocket"],
});

io.use((socket, next) => {
  const user = users.get(socket.handshake.auth?.token);
  if (!user) {
    const err = new Error("Your session has ended.");
    err.data = { code: "unauthenticated" };
    return next(err);
  }
  socket.data.user = user;
  next();
});

io.on("connection", (socket) => {
  const user = socket.data.user;
  const author = { id: user.id, username: user.username, display_name: user.display_name, avatar_url: null };
  socket.join(`user:${user.id}`);
  for (const channelId of user.channels.keys()) socket.join(`channel:${channelId}`);

  socket.on("message:send", async (payload, ack) => {
    if (typeof ack !== "function") ack = () => {};
    const chatId = user.channels.get(payload?.channel_id);
    if (chatId === undefined) return refuse(ack, "channel_not_found", "No such channel.");
    const { content, nonce = null } = payload;
    if (typeof content !== "string" || content.length === 0 || content.length > 4000)
      return refuse(ack, "invalid_field", "The message must be 1 to 4000 characters.", "content");
    if (nonce !== null && !(typeof nonce === "string" && NONCE.test(nonce)))
      return refuse(ack, "invalid_field", "Malformed nonce.", "nonce");
    const message = {
      id: nextId(), chat_id: chatId, channel_id: payload.channel_id, author, content, reply: null,
      attachments: [], reactions: [], mentions: [], pinned: false, nonce, created_at: Date.now(),
      edited_at: null,
    };
    try {
      await pool.query({
        ...INSERT,
        values: [message.id, chatId, message.channel_id, user.id, content, nonce, message.created_at],
      });
    } catch (e) {
      return refuse(ack, "unavailable", `The message was not stored: ${e.message}`);
    }
    ack({ message });
    socket.to(`channel:${message.channel_id}`).emit("message:new", message);
  });

  socket.emit("ready", { user: { ...author, status: "online" }, presence: [] });
});

// The orchestrator sends SIGTERM when a step ends; close sockets so the port frees at once.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    io.close();
    pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
console.log(`LISTENING ${opts.port}`);
