// The persisted-message benchmark's set-up (used by bench/chat.mjs): the users, zones and
// session tokens a run needs, made through OpenChat's REST API like a person would, or made up
// for the Node.js reference, which only needs the same shape. Either way the result is a client
// plan, one line per client:
//
//   zone channel_id token user_id username chat_id
//
// which openchat-loadgen --chat reads (the first three columns) and the reference server loads
// as its token map (all of them). Client k of zone z is user bench_z<z>_m<k>; member 0 owns the
// zone. It sets things up and nothing more: no timing happens here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const PASSWORD = "correct horse battery staple";

/** A JSON request with an optional Bearer token; throws with the body on any error status. */
async function request(url, method, route, token, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(url + route, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Runs fn(i) for i in [0, n) with at most `width` calls in flight; resolves with the results. */
async function parallel(n, width, fn) {
  const out = new Array(n);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, lane));
  return out;
}

/** The verification codes in dataDir/outbox, by lower-cased address (each mail read once). */
function outboxCodes(dataDir) {
  const dir = path.join(dataDir, "outbox");
  const codes = new Map();
  if (!fs.existsSync(dir)) return codes;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".eml")).sort()) {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    const to = /^To: (?:.*<([^>]*)>|(.*))$/im.exec(text);
    const code = /code is (\d{6})/.exec(text);
    if (to && code) codes.set((to[1] ?? to[2]).trim().toLowerCase(), code[1]);
  }
  return codes;
}

async function waitForCodes(dataDir, emails) {
  for (let i = 0; i < 500; i++) {
    const codes = outboxCodes(dataDir);
    if (emails.every((e) => codes.has(e))) return codes;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`verification mails missing in ${dataDir}/outbox`);
}

function username(zone, member) {
  return `bench_z${zone}_m${member}`;
}

/**
 * Registers clients users on the OpenChat server at url (data folder dataDir), spreads them over
 * zones of zoneSize (the owner of each verifies their address through the outbox and creates the
 * zone and an invite; the others join through it) and returns the plan's lines. The server must
 * allow that many registrations (OPENCHAT_RATE_LIMITS) and should hash passwords cheaply
 * (OPENCHAT_ARGON2_OPS/MEM): this is set-up, not the measurement.
 */
export async function setupOpenchat({ url, dataDir, clients, zoneSize, width = 8, log = () => {} }) {
  const zones = Math.ceil(clients / zoneSize);
  const who = Array.from({ length: clients }, (_, i) => ({ zone: Math.floor(i / zoneSize), member: i % zoneSize }));
  const t0 = Date.now();
  await parallel(clients, width, async (i) => {
    const u = who[i];
    u.username = username(u.zone, u.member);
    u.email = `${u.username}@example.test`;
    const res = await request(url, "POST", "/api/v1/auth/register", null, {
      username: u.username,
      email: u.email,
      password: PASSWORD,
    });
    u.id = res.user.id;
    u.token = res.token;
  });
  log(`registered ${clients} users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Only zone owners need a verified address (creating a zone asks for one; joining does not).
  const owners = who.filter((u) => u.member === 0);
  const codes = await waitForCodes(dataDir, owners.map((u) => u.email));
  const zoneInfo = await parallel(zones, width, async (z) => {
    const owner = owners[z];
    await request(url, "POST", "/api/v1/auth/verify-email", owner.token, { code: codes.get(owner.email) });
    const { zone } = await request(url, "POST", "/api/v1/zones", owner.token, { name: `Bench zone ${z}` });
    const { invite } = await request(url, "POST", `/api/v1/zones/${zone.id}/invites`, owner.token, {});
    const text = zone.channels.find((c) => c.type === "text");
    if (!text) throw new Error(`zone ${zone.id} has no text channel`);
    return { id: zone.id, channel: text.id, invite: invite.code };
  });
  await parallel(clients, width, async (i) => {
    const u = who[i];
    if (u.member !== 0) await request(url, "POST", `/api/v1/invites/${zoneInfo[u.zone].invite}/join`, u.token, {});
  });
  log(`${zones} zones of up to ${zoneSize} members ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return who.map((u) => planLine(u, zoneInfo[u.zone]));
}

/**
 * The reference's plan: the same shape with made-up 19-digit ids (like OpenChat's, so messages
 * are as long on the wire) and random tokens.
 */
export function syntheticPlan({ clients, zoneSize }) {
  const base = BigInt(Date.now() - 1704067200000) << 22n;
  let seq = 0n;
  const id = () => (base + ++seq).toString();
  const zones = Array.from({ length: Math.ceil(clients / zoneSize) }, () => ({ id: id(), channel: id() }));
  return Array.from({ length: clients }, (_, i) => {
    const zone = Math.floor(i / zoneSize);
    const u = { zone, id: id(), username: username(zone, i % zoneSize), token: crypto.randomBytes(24).toString("hex") };
    return planLine(u, zones[zone]);
  });
}

function planLine(u, zone) {
  return `${u.zone} ${zone.channel} ${u.token} ${u.id} ${u.username} ${zone.id}`;
}
