// Attachments once a message carries them: message:send claims the sender's pending uploads,
// every member of the conversation may then fetch the file and nobody else may, an upload
// cannot be used twice or by someone else, and deleting the message removes the file from
// disk. Uploading itself is tested in ../api/attachments.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertError } from '../lib/api.mjs';
import { assertAckError, call, dm, nextEvent, send, signIn, users, zone } from '../lib/chat.mjs';
import { startOpenchat, waitUntil } from '../lib/server.mjs';

const KEY = /^[0-9a-f]{32}$/;

async function upload(client, name, text) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const res = await client.request('POST', '/api/v1/attachments', undefined, { raw: form });
  assert.equal(res.status, 201, res.text);
  return res.body.attachment;
}

/** The file stored for these bytes under DATA_DIR/uploads (exactly one). */
function storedFile(server, text) {
  const dir = path.join(server.dataDir, 'uploads');
  const hits = fs
    .readdirSync(dir)
    .filter((n) => fs.readFileSync(path.join(dir, n), 'utf8') === text);
  assert.equal(hits.length, 1, `one stored file holding ${JSON.stringify(text)}`);
  assert.match(hits[0], KEY);
  return path.join(dir, hits[0]);
}

describe('attachments in messages', () => {
  let server, a, b, c, chat, z, sa, sb;
  before(async () => {
    server = await startOpenchat({
      env: { OPENCHAT_RATE_LIMITS: 'register=100000/60,message=100000/1,upload=100000/1' },
    });
    [a, b, c] = await users(server, 3);
    chat = await dm(a, b);
    z = await zone(a, [b]);
    sa = (await signIn(server, a)).socket;
    sb = (await signIn(server, b)).socket;
  });
  after(() => server.stop());

  test('a DM attachment: both members fetch it, an outsider gets 404', async () => {
    const up = await upload(a, 'notes.txt', 'dm attachment bytes');
    const m = await send(sa, { chat_id: chat.id, content: '', attachments: [up.id] });
    assert.deepEqual(m.attachments, [up]);
    assert.deepEqual((await nextEvent(sb, 'message:new', (p) => p.id === m.id)).attachments, [up]);
    for (const who of [a, b]) {
      const got = await who.get(up.url);
      assert.equal(got.status, 200);
      assert.equal(got.text, 'dm attachment bytes');
      assert.equal(got.headers.get('content-disposition').split(';')[0], 'attachment');
    }
    assertError(await c.get(up.url), 404, 'attachment_not_found');
    // Used: the uploader can no longer take it back.
    assertError(await a.delete(`/api/v1/attachments/${up.id}`), 404, 'attachment_not_found');
  });

  test('a channel attachment: zone members fetch it, a non-member gets 404', async () => {
    const up1 = await upload(b, 'one.txt', 'first of two');
    const up2 = await upload(b, 'two.txt', 'second of two');
    const m = await send(sb, {
      channel_id: z.text,
      content: 'two files',
      attachments: [up2.id, up1.id],
    });
    assert.deepEqual(m.attachments, [up1, up2]); // in upload order
    assert.equal((await a.get(up2.url)).text, 'second of two');
    assertError(await c.get(up1.url), 404, 'attachment_not_found');
  });

  test('an upload is claimed once, and only by its uploader', async () => {
    const up = await upload(a, 'mine.txt', 'only once');
    assertAckError(
      await call(sb, 'message:send', { chat_id: chat.id, content: 'x', attachments: [up.id] }),
      'attachment_not_found',
    );
    // The refused send changed nothing: the upload is still a's and still pending.
    assert.equal((await a.get(up.url)).status, 200);
    assertError(await b.get(up.url), 404, 'attachment_not_found');
    await send(sa, { chat_id: chat.id, content: 'first', attachments: [up.id] });
    assertAckError(
      await call(sa, 'message:send', { channel_id: z.text, content: 'again', attachments: [up.id] }),
      'attachment_not_found',
    );
  });

  test('deleting the message removes its files from disk', async () => {
    const up = await upload(a, 'gone.txt', 'soon gone');
    const file = storedFile(server, 'soon gone');
    const m = await send(sa, { chat_id: chat.id, content: 'with a file', attachments: [up.id] });
    const del = await call(sa, 'message:delete', { message_id: m.id });
    assert.deepEqual(del, { deleted: { id: m.id, chat_id: chat.id, channel_id: null } });
    await waitUntil(() => !fs.existsSync(file), { message: `${file} to be removed` });
    assertError(await a.get(up.url), 404, 'attachment_not_found');
    assertError(await b.get(up.url), 404, 'attachment_not_found');
  });
});
