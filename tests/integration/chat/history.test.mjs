// Message history over REST, on the real binary with the backend of the run: messages are
// written over real sockets (message:send), then read back page by page with before / after /
// around over 1,000 messages (no gaps, no overlaps, deleted ones left out), pinned messages,
// one message, and full-text search in a DM and in a zone. Every route is tried by someone
// refused (an outsider, a non-member, a signed-out client) and with bad query values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat, TEST_BACKEND } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';
import { call, dm, send, signIn, users, zone } from '../lib/chat.mjs';

const ENV = {
  OPENCHAT_RATE_LIMITS:
    'message=100000/1,reaction=100000/1,search=100000/1,register=1000/60,verify=1000/60,login=1000/60',
};
const ID_RE = /^[1-9][0-9]{0,18}$/;

let server;
// owner and member share a zone; peer has a DM with owner; outsider is in neither.
let owner, member, peer, outsider;
let z, dmChat;
let ownerSock, memberSock, peerSock;

before(async () => {
  server = await startOpenchat({ env: ENV });
  [owner, member, peer, outsider] = await users(server, 4);
  z = await zone(owner, [member]);
  dmChat = await dm(owner, peer);
  ownerSock = (await signIn(server, owner)).socket;
  memberSock = (await signIn(server, member)).socket;
  peerSock = (await signIn(server, peer)).socket;
});
after(async () => {
  await server?.stop();
});

const byId = (a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Sends n messages (batches of concurrent sends, authors alternating); returns them. */
async function sendMany(sockets, where, n, text = (i) => `message ${i}`) {
  const out = [];
  for (let i = 0; i < n; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 50); j++)
      batch.push(send(sockets[j % sockets.length], { ...where, content: text(j) }));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

async function del(socket, id) {
  const answer = await call(socket, 'message:delete', { message_id: id });
  assert.ok(answer?.deleted, JSON.stringify(answer));
}

/** One page; asserts 200, ascending ids, and returns the body. */
async function page(client, base, query = '') {
  const res = await client.get(`/api/v1${base}/messages${query ? `?${query}` : ''}`);
  assert.equal(res.status, 200, res.text);
  const ids = res.body.messages.map((m) => m.id);
  assert.deepEqual([...ids].sort(byId), ids, 'oldest first');
  assert.equal(typeof res.body.has_more_before, 'boolean');
  assert.equal(typeof res.body.has_more_after, 'boolean');
  return res.body;
}

/** Walks the whole history both ways with `limit` and compares with the live ids. */
async function walk(client, base, live, contents, limit) {
  // Newest to oldest.
  const seen = [];
  let p = await page(client, base, `limit=${limit}`);
  assert.equal(p.has_more_after, false);
  for (;;) {
    assert.equal(p.messages.length, Math.min(limit, live.length - seen.length));
    for (const m of p.messages) assert.equal(m.content, contents.get(m.id));
    seen.unshift(...p.messages.map((m) => m.id));
    assert.equal(p.has_more_before, seen.length < live.length);
    if (!p.has_more_before) break;
    p = await page(client, base, `before=${p.messages[0].id}&limit=${limit}`);
    assert.equal(p.has_more_after, true);
  }
  assert.deepEqual(seen, live);
  // Oldest to newest, from around the first message.
  const forward = [];
  p = await page(client, base, `around=${live[0]}&limit=${limit}`);
  assert.equal(p.has_more_before, false);
  for (;;) {
    forward.push(...p.messages.map((m) => m.id));
    assert.equal(p.has_more_after, forward.length < live.length);
    if (!p.has_more_after) break;
    p = await page(client, base, `after=${p.messages.at(-1).id}&limit=${limit}`);
    assert.equal(p.has_more_before, true);
    assert.equal(p.messages.length, Math.min(limit, live.length - forward.length));
  }
  assert.deepEqual(forward, live);
}

/** around=<cursor>: up to limit/2 before it, the rest from it on. */
async function expectAround(client, base, live, cursor, limit) {
  const p = await page(client, base, `around=${cursor}&limit=${limit}`);
  let first = live.findIndex((id) => byId(id, cursor) >= 0);
  if (first < 0) first = live.length;
  const nBefore = Math.min(Math.floor(limit / 2), first);
  const nAfter = Math.min(limit - nBefore, live.length - first);
  assert.deepEqual(
    p.messages.map((m) => m.id),
    live.slice(first - nBefore, first + nAfter),
    `around ${cursor} limit ${limit}`,
  );
  assert.equal(p.has_more_before, first - nBefore > 0);
  assert.equal(p.has_more_after, first + nAfter < live.length);
}

describe('history pages', () => {
  test('1,000 channel messages: every direction, no gaps or overlaps, deleted ones left out', async () => {
    const sent = await sendMany([ownerSock, memberSock], { channel_id: z.text }, 1000);
    for (const m of sent) {
      assert.match(m.id, ID_RE);
      assert.equal(m.channel_id, z.text);
      assert.equal(m.chat_id, z.id);
    }
    const ids = sent.map((m) => m.id).sort(byId);
    assert.equal(new Set(ids).size, 1000);
    // Delete the first, the last and every 9th (the owner may delete any message of their
    // zone): they are not in pages.
    const gone = new Set([ids[0], ids[999], ...ids.filter((_, i) => i % 9 === 4)]);
    await Promise.all([...gone].map((id) => del(ownerSock, id)));
    const live = ids.filter((id) => !gone.has(id));
    const contents = new Map(sent.map((m) => [m.id, m.content]));
    const base = `/channels/${z.text}`;

    await walk(member, base, live, contents, 50);
    await walk(owner, base, live, contents, 37);
    // Around the first and the last message, a deleted one and one in the middle.
    for (const limit of [1, 2, 9, 50]) {
      for (const cursor of [live[0], live[1], live.at(-1), live[500], ids[0], ids[999], ids[4]])
        await expectAround(member, base, live, cursor, limit);
    }
    // Past either end: empty pages that say which side has more.
    let p = await page(member, base, `before=${live[0]}`);
    assert.deepEqual(p.messages, []);
    assert.equal(p.has_more_before, false);
    assert.equal(p.has_more_after, true);
    p = await page(member, base, `after=${live.at(-1)}`);
    assert.deepEqual(p.messages, []);
    assert.equal(p.has_more_before, true);
    assert.equal(p.has_more_after, false);
    // Default: the newest 50.
    p = await page(member, base);
    assert.deepEqual(
      p.messages.map((m) => m.id),
      live.slice(-50),
    );
  });

  test('a DM reads the same way for both members, and a message looks as it was sent', async () => {
    const sent = await sendMany([ownerSock, peerSock], { chat_id: dmChat.id }, 120, (i) =>
      i === 7 ? `hello <@${owner.user.id}>` : `dm ${i}`,
    );
    const live = sent.map((m) => m.id).sort(byId);
    const contents = new Map(sent.map((m) => [m.id, m.content]));
    await walk(owner, `/chats/${dmChat.id}`, live, contents, 50);
    await walk(peer, `/chats/${dmChat.id}`, live, contents, 25);
    // The page's message is the acknowledged message, reactions included.
    const one = sent[7];
    const reacted = await call(ownerSock, 'reaction:add', { message_id: one.id, emoji: '👍' });
    assert.equal(reacted.reaction.count, 1, JSON.stringify(reacted));
    const p = await page(owner, `/chats/${dmChat.id}`, `around=${one.id}&limit=1`);
    assert.deepEqual(p.messages, [{ ...one, reactions: [{ emoji: '👍', count: 1, me: true }] }]);
    assert.deepEqual(one.mentions, [owner.user.id]);
    assert.equal(one.channel_id, null);
    assert.deepEqual(one.author, {
      id: peer.user.id,
      username: peer.user.username,
      display_name: peer.user.display_name,
      avatar_url: null,
    });
    const res = await peer.get(`/api/v1/messages/${one.id}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.message.reactions, [{ emoji: '👍', count: 1, me: false }]);
  });
});

describe('pins and single messages', () => {
  test('pinned messages, most recently pinned first', async () => {
    const ch = await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'pins', type: 'text' });
    assert.equal(ch.status, 201, ch.text);
    const channel = ch.body.channel.id;
    const [m1, m2, m3] = await sendMany([memberSock], { channel_id: channel }, 3);
    for (const m of [m2, m1, m3]) {
      const answer = await call(ownerSock, 'message:pin', { message_id: m.id });
      assert.equal(answer?.message?.pinned, true, JSON.stringify(answer));
    }
    let res = await member.get(`/api/v1/channels/${channel}/pins`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.messages.map((m) => m.id),
      [m3.id, m1.id, m2.id],
    );
    assert.ok(res.body.messages.every((m) => m.pinned === true && Array.isArray(m.reactions)));
    await call(ownerSock, 'message:unpin', { message_id: m1.id });
    await del(memberSock, m3.id);
    res = await owner.get(`/api/v1/channels/${channel}/pins`);
    assert.deepEqual(
      res.body.messages.map((m) => m.id),
      [m2.id],
    );
    // A DM: either member pins.
    const d = await send(ownerSock, { chat_id: dmChat.id, content: 'pin this' });
    await call(peerSock, 'message:pin', { message_id: d.id });
    res = await owner.get(`/api/v1/chats/${dmChat.id}/pins`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.messages.map((m) => m.id),
      [d.id],
    );
    res = await peer.get(`/api/v1/chats/${dmChat.id}/pins`);
    assert.equal(res.body.messages.length, 1);
  });

  test('one message; deleted ones are gone, replies say so', async () => {
    const m = await send(memberSock, { channel_id: z.text, content: 'original words' });
    const r = await send(ownerSock, { channel_id: z.text, content: 'a reply', reply_to: m.id });
    assert.deepEqual(r.reply, {
      id: m.id,
      author_id: member.user.id,
      content: 'original words',
      deleted: false,
    });
    let res = await owner.get(`/api/v1/messages/${m.id}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.message.content, 'original words');
    await del(memberSock, m.id);
    assertError(await owner.get(`/api/v1/messages/${m.id}`), 404, 'message_not_found');
    res = await member.get(`/api/v1/messages/${r.id}`);
    assert.deepEqual(res.body.message.reply, {
      id: m.id,
      author_id: member.user.id,
      content: '',
      deleted: true,
    });
  });
});

describe('search', () => {
  let z2, voice, words;
  before(async () => {
    // Another zone, where the outsider writes the same words.
    z2 = await zone(outsider, [], 'Other zone');
    const outSock = (await signIn(server, outsider)).socket;
    await send(outSock, { channel_id: z2.text, content: 'quick brown fox in another zone' });
    voice = z.voice;
    const ch = await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'search', type: 'text' });
    const channel = ch.body.channel.id;
    words = {
      fox: await send(memberSock, { channel_id: z.text, content: 'The quick brown fox jumps' }),
      cafe: await send(ownerSock, { channel_id: channel, content: 'Un café crème, s’il vous plaît' }),
      silver: await send(memberSock, { channel_id: channel, content: 'QUICKSILVER is a metal' }),
      gone: await send(memberSock, { channel_id: z.text, content: 'quick deleted words' }),
      dm: await send(peerSock, { chat_id: dmChat.id, content: 'a quick note between us' }),
      channel,
    };
    await del(memberSock, words.gone.id);
  });

  async function found(client, path) {
    const res = await client.get(`/api/v1${path}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.body.has_more, 'boolean');
    return res.body.messages.map((m) => m.id);
  }

  test('words, prefixes and case; newest first; deleted and other zones never', async () => {
    const q = (s) => encodeURIComponent(s);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=quick`), [
      words.silver.id,
      words.fox.id,
    ]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q('brown qui')}`), [
      words.fox.id,
    ]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q('FOX quick')}`), [
      words.fox.id,
    ]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q('fox metal')}`), []);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=deleted`), []);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=another`), []);
    assert.equal((await found(outsider, `/zones/${z2.id}/search?q=quick`)).length, 1);
    // One channel.
    assert.deepEqual(
      await found(member, `/zones/${z.id}/search?q=quick&channel_id=${words.channel}`),
      [words.silver.id],
    );
    // The query language of the index is not reachable: these are words or separators.
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q('"fox" OR*')}`), []);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q('fox:* & !jump')}`), [
      words.fox.id,
    ]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=${q("'; --fox")}`), [
      words.fox.id,
    ]);
    // A DM.
    assert.deepEqual(await found(owner, `/chats/${dmChat.id}/search?q=quick`), [words.dm.id]);
    assert.deepEqual(await found(peer, `/chats/${dmChat.id}/search?q=${q('between')}`), [
      words.dm.id,
    ]);
    // '+' is a space in a query string.
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=brown+fox`), [words.fox.id]);
  });

  test('accents fold (SQLite FTS5)', { skip: TEST_BACKEND !== 'sqlite' }, async () => {
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=cafe`), [words.cafe.id]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=CAF`), [words.cafe.id]);
    assert.deepEqual(await found(member, `/zones/${z.id}/search?q=creme`), [words.cafe.id]);
  });

  test('the same words with their accents are found on both backends', async () => {
    assert.deepEqual(
      await found(member, `/zones/${z.id}/search?q=${encodeURIComponent('café crè')}`),
      [words.cafe.id],
    );
  });

  test('pages of 25, newest first, by before', async () => {
    const ch = await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'hay', type: 'text' });
    const channel = ch.body.channel.id;
    const sent = await sendMany([ownerSock, memberSock], { channel_id: channel }, 60, (i) =>
      i % 3 ? `needle ${i} in the hay` : `just hay ${i}`,
    );
    const want = sent
      .filter((m) => m.content.startsWith('needle'))
      .map((m) => m.id)
      .sort(byId)
      .reverse();
    const got = [];
    let beforeId = '';
    for (;;) {
      const res = await member.get(
        `/api/v1/zones/${z.id}/search?q=needle&channel_id=${channel}${beforeId ? `&before=${beforeId}` : ''}`,
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.messages.length, Math.min(25, want.length - got.length));
      got.push(...res.body.messages.map((m) => m.id));
      assert.equal(res.body.has_more, got.length < want.length);
      if (!res.body.has_more) break;
      beforeId = got.at(-1);
    }
    assert.deepEqual(got, want);
  });

  test('non-members and wrong places are refused', async () => {
    assertError(await outsider.get(`/api/v1/zones/${z.id}/search?q=quick`), 404, 'zone_not_found');
    assertError(
      await outsider.get(`/api/v1/zones/${z.id}/search?q=quick&channel_id=${z.text}`),
      404,
      'zone_not_found',
    );
    assertError(await member.get(`/api/v1/zones/${z2.id}/search?q=quick`), 404, 'zone_not_found');
    assertError(await owner.get(`/api/v1/zones/${dmChat.id}/search?q=quick`), 404, 'zone_not_found');
    assertError(await member.get(`/api/v1/zones/x/search?q=quick`), 404, 'zone_not_found');
    assertError(
      await member.get(`/api/v1/zones/${z.id}/search?q=quick&channel_id=${z2.text}`),
      404,
      'channel_not_found',
    );
    assertError(
      await member.get(`/api/v1/zones/${z.id}/search?q=quick&channel_id=${voice}`),
      422,
      'channel_not_text',
    );
    assertError(await outsider.get(`/api/v1/chats/${dmChat.id}/search?q=quick`), 404, 'chat_not_found');
    assertError(await member.get(`/api/v1/chats/${z.id}/search?q=quick`), 404, 'chat_not_found');
  });

  test('bad search queries', async () => {
    const base = `/api/v1/zones/${z.id}/search`;
    const long = 'a'.repeat(201);
    const many = Array.from({ length: 17 }, (_, i) => `w${i}`).join('+');
    for (const query of ['', 'q=', 'q=%20%20', 'q=!!!', 'q=%F0%9F%91%8D', `q=${long}`, `q=${many}`, 'q=%FF', 'q=a%00b', 'q=%zz'])
      assertError(await member.get(`${base}?${query}`), 422, 'invalid_field', 'q');
    assert.equal((await member.get(`${base}?q=${'a'.repeat(200)}`)).status, 200);
    assert.equal((await member.get(`${base}?q=${many.split('+').slice(1).join('+')}`)).status, 200);
    for (const v of ['abc', '0', '-1', '1.5', '', '99999999999999999999'])
      assertError(await member.get(`${base}?q=x&before=${v}`), 422, 'invalid_field', 'before');
    assertError(await member.get(`${base}?q=x&channel_id=abc`), 422, 'invalid_field', 'channel_id');
    assertError(
      await owner.get(`/api/v1/chats/${dmChat.id}/search?q=x&before=x`),
      422,
      'invalid_field',
      'before',
    );
    assertError(await owner.get(`/api/v1/chats/${dmChat.id}/search`), 422, 'invalid_field', 'q');
  });
});

describe('search rate limit', () => {
  test('both search routes share one per-user budget; over it: 429 with Retry-After', async () => {
    const limited = await startOpenchat({
      env: { OPENCHAT_RATE_LIMITS: `${ENV.OPENCHAT_RATE_LIMITS},search=3/60` },
    });
    try {
      const [a, b, other] = await users(limited, 3);
      const zz = await zone(a, [b]);
      const chat = await dm(a, b);
      assert.equal((await a.get(`/api/v1/zones/${zz.id}/search?q=x`)).status, 200);
      assert.equal((await a.get(`/api/v1/chats/${chat.id}/search?q=x`)).status, 200);
      assert.equal((await a.get(`/api/v1/zones/${zz.id}/search?q=y`)).status, 200);
      const res = await a.get(`/api/v1/chats/${chat.id}/search?q=x`);
      assertError(res, 429, 'rate_limited');
      assert.ok(Number(res.headers.get('retry-after')) >= 1, res.headers.get('retry-after'));
      // Another user has a budget of their own, and an invalid query does not use it up.
      for (let i = 0; i < 5; i++)
        assertError(await b.get(`/api/v1/zones/${zz.id}/search?q=`), 422, 'invalid_field', 'q');
      for (let i = 0; i < 3; i++)
        assert.equal((await b.get(`/api/v1/zones/${zz.id}/search?q=x`)).status, 200);
      assertError(await b.get(`/api/v1/zones/${zz.id}/search?q=x`), 429, 'rate_limited');
      // The limit is checked before any database work: an outsider's query counts against
      // their own budget and is answered 404 as always.
      assertError(await other.get(`/api/v1/zones/${zz.id}/search?q=x`), 404, 'zone_not_found');
    } finally {
      await limited.stop();
    }
  });
});

describe('refusals', () => {
  test('an outsider is refused on every route, as if nothing were there', async () => {
    const m = await send(memberSock, { channel_id: z.text, content: 'members only' });
    const d = await send(peerSock, { chat_id: dmChat.id, content: 'just us' });
    const cases = [
      [`/channels/${z.text}/messages`, 404, 'channel_not_found'],
      [`/channels/${z.text}/messages?around=${m.id}`, 404, 'channel_not_found'],
      [`/channels/${z.text}/pins`, 404, 'channel_not_found'],
      [`/chats/${dmChat.id}/messages`, 404, 'chat_not_found'],
      [`/chats/${dmChat.id}/messages?before=${d.id}`, 404, 'chat_not_found'],
      [`/chats/${dmChat.id}/pins`, 404, 'chat_not_found'],
      [`/messages/${m.id}`, 404, 'message_not_found'],
      [`/messages/${d.id}`, 404, 'message_not_found'],
      [`/chats/${dmChat.id}/search?q=just`, 404, 'chat_not_found'],
      [`/zones/${z.id}/search?q=members`, 404, 'zone_not_found'],
    ];
    for (const [path, status, code] of cases)
      assertError(await outsider.get(`/api/v1${path}`), status, code);
    // The member of the zone is an outsider to the DM, and the DM peer to the zone.
    assertError(await member.get(`/api/v1/chats/${dmChat.id}/messages`), 404, 'chat_not_found');
    assertError(await member.get(`/api/v1/messages/${d.id}`), 404, 'message_not_found');
    assertError(await peer.get(`/api/v1/channels/${z.text}/messages`), 404, 'channel_not_found');
    assertError(await peer.get(`/api/v1/messages/${m.id}`), 404, 'message_not_found');
    // Signed out.
    const anon = new ApiClient(server);
    for (const [path] of cases) assertError(await anon.get(`/api/v1${path}`), 401, 'unauthenticated');
  });

  test('wrong kinds of places and ids that do not exist', async () => {
    assertError(await member.get(`/api/v1/channels/${z.voice}/messages`), 422, 'channel_not_text');
    assertError(await member.get(`/api/v1/channels/${z.voice}/pins`), 422, 'channel_not_text');
    assertError(await member.get(`/api/v1/chats/${z.id}/messages`), 404, 'chat_not_found');
    assertError(await member.get(`/api/v1/channels/${z.id}/messages`), 404, 'channel_not_found');
    assertError(await owner.get(`/api/v1/channels/${dmChat.id}/messages`), 404, 'channel_not_found');
    assertError(await member.get('/api/v1/channels/123/messages'), 404, 'channel_not_found');
    assertError(await member.get('/api/v1/chats/abc/messages'), 404, 'chat_not_found');
    assertError(await member.get('/api/v1/channels/0/pins'), 404, 'channel_not_found');
    assertError(await member.get('/api/v1/messages/abc'), 404, 'message_not_found');
    assertError(await member.get('/api/v1/messages/123'), 404, 'message_not_found');
  });

  test('a blocked DM stays readable', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const aSock = (await signIn(server, a)).socket;
    const m = await send(aSock, { chat_id: chat.id, content: 'before the block' });
    const blocked = await b.put(`/api/v1/blocks/${a.user.id}`);
    assert.ok(blocked.status === 200 || blocked.status === 204, blocked.text);
    for (const c of [a, b]) {
      const p = await page(c, `/chats/${chat.id}`);
      assert.deepEqual(
        p.messages.map((x) => x.id),
        [m.id],
      );
      assert.equal((await c.get(`/api/v1/messages/${m.id}`)).status, 200);
      assert.equal((await c.get(`/api/v1/chats/${chat.id}/pins`)).status, 200);
    }
  });

  test('bad page queries', async () => {
    const base = `/api/v1/channels/${z.text}/messages`;
    for (const name of ['before', 'after', 'around']) {
      for (const v of ['abc', '0', '-5', '1.5', '', '1e3', '99999999999999999999', '%31'])
        assertError(await member.get(`${base}?${name}=${v}`), 422, 'invalid_field', name);
    }
    assertError(await member.get(`${base}?before=5&after=6`), 422, 'invalid_field', 'after');
    assertError(await member.get(`${base}?before=5&around=6`), 422, 'invalid_field', 'around');
    assertError(await member.get(`${base}?after=5&around=6`), 422, 'invalid_field', 'around');
    for (const v of ['0', '51', '-1', 'abc', '', '1.5', '100'])
      assertError(await member.get(`${base}?limit=${v}`), 422, 'invalid_field', 'limit');
    for (const v of ['1', '50'])
      assert.equal((await member.get(`${base}?limit=${v}`)).status, 200);
    assertError(
      await owner.get(`/api/v1/chats/${dmChat.id}/messages?around=x`),
      422,
      'invalid_field',
      'around',
    );
  });
});
