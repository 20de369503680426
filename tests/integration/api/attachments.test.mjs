// Attachments over REST: uploading (POST /attachments, multipart/form-data), fetching
// (GET/HEAD /attachments/:id/:name), taking back a pending upload (DELETE /attachments/:id)
// and the clean-up of uploads no message used, against the real server on the backend the
// run selects. What happens once a message claims an upload is in ../chat/attachments.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiClient, assertError } from '../lib/api.mjs';
import { RawHttp, startOpenchat, waitUntil } from '../lib/server.mjs';

// A 1x1 PNG (the same bytes as tests/unit/domain/test_images.c).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const BOUNDARY = '----OpenChatTestBoundary7MA4YWxkTrZu0gW';
const KEY = /^[0-9a-f]{32}$/;

/**
 * A multipart/form-data body built byte by byte, so tests choose every header: parts are
 * {name, filename?, filenameStar?, type?, data (string or Buffer)}.
 */
function multipart(parts, { boundary = BOUNDARY, close = true } = {}) {
  const chunks = [];
  for (const p of parts) {
    let cd = `Content-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) cd += `; filename="${p.filename}"`;
    if (p.filenameStar !== undefined) cd += `; filename*=${p.filenameStar}`;
    let head = `--${boundary}\r\n${cd}\r\n`;
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(head + '\r\n', 'utf8'), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function upload(client, parts, opts = {}) {
  const { contentType = `multipart/form-data; boundary=${BOUNDARY}`, ...rest } = opts;
  return client.request('POST', '/api/v1/attachments', undefined, {
    headers: contentType ? { 'Content-Type': contentType } : {},
    raw: multipart(parts, rest),
  });
}

function uploadFile(client, filename, data, type = 'application/octet-stream') {
  return upload(client, [{ name: 'file', filename, type, data }]);
}

/** GET (or HEAD) of an attachment URL as `client`, with the raw bytes. */
async function fetchFile(client, url, { method = 'GET', headers = {} } = {}) {
  const h = { ...headers };
  if (client?.cookie) h.Cookie = `oc_session=${client.cookie}`;
  const res = await fetch(client.server.url + url, { method, headers: h });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body = null;
  if ((res.headers.get('content-type') || '').startsWith('application/json'))
    body = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, bytes, body, text: bytes.toString('utf8') };
}

function uploadsDir(server) {
  return path.join(server.dataDir, 'uploads');
}

function storedFiles(server) {
  const dir = uploadsDir(server);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The stored file whose bytes are `data` (asserting there is exactly one). */
function storedFileWith(server, data) {
  const hits = storedFiles(server).filter((n) =>
    fs.readFileSync(path.join(uploadsDir(server), n)).equals(Buffer.from(data)),
  );
  assert.equal(hits.length, 1, `one stored file with those bytes, found ${hits.length}`);
  assert.match(hits[0], KEY);
  return hits[0];
}

let server;
const env = {
  OPENCHAT_RATE_LIMITS: 'register=10000/60,login=10000/60,verify=10000/60,upload=10000/60',
};

before(async () => {
  server = await startOpenchat({ env });
});

after(async () => {
  await server?.stop();
});

async function newUser() {
  const c = new ApiClient(server);
  await c.register();
  return c;
}

describe('upload and download', () => {
  test('a picture goes up and comes back byte for byte, with its headers', async () => {
    const ada = await newUser();
    const res = await uploadFile(ada, 'pixel.png', PNG, 'image/png');
    assert.equal(res.status, 201, res.text);
    const a = res.body.attachment;
    assert.match(a.id, /^\d+$/);
    assert.deepEqual(res.body, {
      attachment: {
        id: a.id,
        file_name: 'pixel.png',
        content_type: 'image/png',
        size: PNG.length,
        url: `/api/v1/attachments/${a.id}/pixel.png`,
      },
    });
    assert.equal(storedFileWith(server, PNG).length, 32);

    const got = await fetchFile(ada, a.url);
    assert.equal(got.status, 200);
    assert.deepEqual(got.bytes, PNG);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.equal(got.headers.get('content-length'), String(PNG.length));
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(
      got.headers.get('content-disposition'),
      `inline; filename="pixel.png"; filename*=UTF-8''pixel.png`,
    );
    assert.equal(got.headers.get('cache-control'), 'private, no-cache');
    assert.equal(got.headers.get('etag'), `"${a.id}"`);
    assert.equal(got.headers.get('cross-origin-resource-policy'), 'same-origin');
    // Two policies apply: the page one every response has, and the file's own sandbox.
    assert.match(
      got.headers.get('content-security-policy'),
      /, default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox$/,
    );

    const again = await fetchFile(ada, a.url, { headers: { 'If-None-Match': `"${a.id}"` } });
    assert.equal(again.status, 304);
    assert.equal(again.bytes.length, 0);
    assert.equal(again.headers.get('etag'), `"${a.id}"`);

    const head = await fetchFile(ada, a.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(PNG.length));
    assert.equal(head.headers.get('content-type'), 'image/png');
    assert.equal(head.bytes.length, 0);
  });

  test('a browser FormData upload works, and files beyond the JSON body limit too', async () => {
    const ada = await newUser();
    // 2 MiB: above the 1 MiB every JSON route takes, below the 25 MiB an upload may have.
    const big = Buffer.alloc(2 * 1024 * 1024, 'x');
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob([big], { type: 'text/plain' }), 'big.txt');
    const res = await ada.request('POST', '/api/v1/attachments', undefined, { raw: form });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.attachment.size, big.length);
    assert.equal(res.body.attachment.content_type, 'text/plain');
    const got = await fetchFile(ada, res.body.attachment.url);
    assert.equal(got.status, 200);
    assert.ok(got.bytes.equals(big));
    assert.equal(got.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      got.headers.get('content-disposition'),
      `attachment; filename="big.txt"; filename*=UTF-8''big.txt`,
    );
  });

  test('the type comes from the bytes: a page declared as a PNG is served as text', async () => {
    const ada = await newUser();
    const page = '<!doctype html><script>alert(document.cookie)</script>';
    const res = await uploadFile(ada, 'cute.png', page, 'image/png');
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.attachment.content_type, 'text/plain');
    const got = await fetchFile(ada, res.body.attachment.url);
    assert.equal(got.status, 200);
    assert.equal(got.text, page);
    assert.equal(got.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      got.headers.get('content-disposition'),
      `attachment; filename="cute.png"; filename*=UTF-8''cute.png`,
    );

    const cases = [
      ['data.bin', Buffer.from([0, 1, 2, 0xff, 0xfe]), 'application/octet-stream'],
      ['doc.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 'application/pdf'],
      ['a.zip', Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), 'application/zip'],
      ['sound.wav', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), 'audio/wav'],
    ];
    for (const [name, bytes, type] of cases) {
      const up = await uploadFile(ada, name, bytes, 'text/html');
      assert.equal(up.status, 201, up.text);
      assert.equal(up.body.attachment.content_type, type, name);
      const f = await fetchFile(ada, up.body.attachment.url);
      assert.equal(f.headers.get('content-type'), type);
      assert.ok(f.bytes.equals(bytes));
      const inline = type.startsWith('audio/');
      assert.ok(
        f.headers.get('content-disposition').startsWith(inline ? 'inline;' : 'attachment;'),
        `${name}: ${f.headers.get('content-disposition')}`,
      );
    }
  });

  test('file names are cleaned: no paths, no control characters, UTF-8 kept', async () => {
    const ada = await newUser();
    const names = [
      [{ filename: '../../../etc/passwd' }, 'passwd'],
      [{ filename: '..\\..\\boot.ini' }, 'boot.ini'],
      [{ filename: 'x', filenameStar: "UTF-8''..%2F..%2Fsecret%01.txt" }, 'secret_.txt'],
      [{ filename: '..' }, 'file'],
      [{ filenameStar: "UTF-8''caf%C3%A9%20%E2%9C%93.txt" }, 'café ✓.txt'],
    ];
    for (const [fields, want] of names) {
      const body = `bytes for ${want}`;
      const res = await upload(ada, [{ name: 'file', type: 'text/plain', data: body, ...fields }]);
      assert.equal(res.status, 201, res.text);
      const a = res.body.attachment;
      assert.equal(a.file_name, want);
      assert.equal(a.url, `/api/v1/attachments/${a.id}/${encodeURIComponent(want)}`);
      const got = await fetchFile(ada, a.url);
      assert.equal(got.status, 200, `${want}: ${got.text}`);
      assert.equal(got.text, body);
      storedFileWith(server, body);
    }
    // Nothing was written outside the uploads folder, and every name there is a key.
    assert.ok(storedFiles(server).every((n) => KEY.test(n)));
    assert.equal(fs.existsSync(path.join(server.dataDir, 'etc')), false);
    assert.equal(fs.existsSync(path.join(server.tmp, 'etc')), false);
    const last = await uploadFile(ada, 'café ✓.txt', 'x');
    const cd = (await fetchFile(ada, last.body.attachment.url)).headers.get('content-disposition');
    assert.equal(cd, `attachment; filename="caf_ _.txt"; filename*=UTF-8''caf%C3%A9%20%E2%9C%93.txt`);
  });
});

describe('refusals', () => {
  test('without a session: 401', async () => {
    const ada = await newUser();
    const up = await uploadFile(ada, 'a.txt', 'hello');
    const anon = new ApiClient(server);
    assertError(await uploadFile(anon, 'a.txt', 'hello'), 401, 'unauthenticated');
    assertError(await anon.get(up.body.attachment.url), 401, 'unauthenticated');
    assertError(await anon.delete(`/api/v1/attachments/${up.body.attachment.id}`), 401,
      'unauthenticated');
  });

  test('anything but multipart/form-data: 415', async () => {
    const ada = await newUser();
    assertError(await ada.post('/api/v1/attachments', { file: 'x' }), 415,
      'unsupported_media_type');
    assertError(
      await upload(ada, [{ name: 'file', filename: 'a', data: 'x' }], {
        contentType: 'multipart/mixed; boundary=' + BOUNDARY,
      }),
      415,
      'unsupported_media_type',
    );
    assertError(
      await ada.request('POST', '/api/v1/attachments', undefined, {
        headers: { 'Content-Type': 'text/plain' },
        raw: 'hello',
      }),
      415,
      'unsupported_media_type',
    );
  });

  test('malformed multipart: 400', async () => {
    const ada = await newUser();
    const part = [{ name: 'file', filename: 'a.txt', data: 'x' }];
    const noBoundary = await upload(ada, part, { contentType: 'multipart/form-data' });
    assertError(noBoundary, 400, 'malformed_multipart');
    assert.equal(noBoundary.body.error.message, 'The multipart boundary is missing or malformed.');
    const truncated = await upload(ada, part, { close: false });
    assertError(truncated, 400, 'malformed_multipart');
    assert.equal(
      truncated.body.error.message,
      'The multipart body is malformed: the body ends before its final boundary.',
    );
    const other = await upload(ada, part, {
      contentType: 'multipart/form-data; boundary=somethingelse',
    });
    assertError(other, 400, 'malformed_multipart');
    const bareLf = await ada.request('POST', '/api/v1/attachments', undefined, {
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      raw: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\n\r\nx\r\n--${BOUNDARY}--`,
    });
    assertError(bareLf, 400, 'malformed_multipart');
    assert.equal(
      bareLf.body.error.message,
      'The multipart body is malformed: a part header line is malformed.',
    );
    assert.deepEqual(storedFiles(server).filter((n) => !KEY.test(n)), []);
  });

  test('a missing, empty, nameless or doubled file part: 422 on "file"', async () => {
    const ada = await newUser();
    const cases = [
      [[{ name: 'other', filename: 'a.txt', data: 'x' }], 'Send the file in a part named "file".'],
      [[], 'Send the file in a part named "file".'],
      [[{ name: 'file', filename: 'a.txt', data: '' }], 'The file is empty.'],
      [[{ name: 'file', data: 'x' }], 'The file part needs a file name.'],
      [
        [
          { name: 'file', filename: 'a.txt', data: 'x' },
          { name: 'file', filename: 'b.txt', data: 'y' },
        ],
        'Send one file at a time.',
      ],
    ];
    for (const [parts, message] of cases) {
      const res = await upload(ada, parts);
      assertError(res, 422, 'invalid_field', 'file');
      assert.equal(res.body.error.message, message);
    }
  });

  test('another user can neither fetch nor delete a pending upload: 404', async () => {
    const ada = await newUser();
    const eve = await newUser();
    const up = (await uploadFile(ada, 'private.txt', 'for ada only')).body.attachment;
    assertError(await eve.get(up.url), 404, 'attachment_not_found');
    assert.equal((await eve.request('HEAD', up.url)).status, 404);
    assertError(await eve.delete(`/api/v1/attachments/${up.id}`), 404, 'attachment_not_found');
    // Still there for its uploader, under its own name only.
    assert.equal((await fetchFile(ada, up.url)).text, 'for ada only');
    assertError(await ada.get(`/api/v1/attachments/${up.id}/other.txt`), 404,
      'attachment_not_found');
    assertError(await ada.get(`/api/v1/attachments/${up.id}/private.tx`), 404,
      'attachment_not_found');
    assertError(await ada.get(`/api/v1/attachments/12345/private.txt`), 404,
      'attachment_not_found');
    assertError(await ada.get(`/api/v1/attachments/abc/private.txt`), 404,
      'attachment_not_found');
    assertError(await ada.get(`/api/v1/attachments/${up.id}/%zz`), 404, 'attachment_not_found');
    assertError(await ada.delete('/api/v1/attachments/abc'), 404, 'attachment_not_found');
  });

  test('the uploader takes back a pending upload: 204, row and file gone', async () => {
    const ada = await newUser();
    const up = (await uploadFile(ada, 'oops.txt', 'sent by mistake')).body.attachment;
    const file = storedFileWith(server, 'sent by mistake');
    const res = await ada.delete(`/api/v1/attachments/${up.id}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(fs.existsSync(path.join(uploadsDir(server), file)), false);
    assertError(await ada.get(up.url), 404, 'attachment_not_found');
    assertError(await ada.delete(`/api/v1/attachments/${up.id}`), 404, 'attachment_not_found');
  });
});

describe('limits', () => {
  const LIMIT = 1024;
  let small;
  before(async () => {
    small = await startOpenchat({
      env: {
        ...env,
        OPENCHAT_MAX_UPLOAD: String(LIMIT),
        OPENCHAT_RATE_LIMITS: 'register=10000/60,upload=3/60',
      },
    });
  });
  after(async () => {
    await small?.stop();
  });

  test('a file of the limit passes, one byte more is 413 with the limit', async () => {
    const ada = new ApiClient(small);
    await ada.register();
    const ok = await uploadFile(ada, 'max.txt', Buffer.alloc(LIMIT, 'a'));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.attachment.size, LIMIT);
    const over = await uploadFile(ada, 'over.txt', Buffer.alloc(LIMIT + 1, 'a'));
    assertError(over, 413, 'payload_too_large');
    assert.equal(over.body.error.message, `The file is larger than ${LIMIT} bytes.`);
    assert.equal(storedFiles(small).length, 1);
  });

  test('a body far beyond the limit is refused before it is read', async () => {
    const ada = new ApiClient(small);
    await ada.register();
    const conn = await RawHttp.connect(small.port);
    conn.write(
      'POST /api/v1/attachments HTTP/1.1\r\nHost: x\r\n' +
        `Cookie: oc_session=${ada.cookie}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
        'Content-Length: 10000000\r\n\r\n',
    );
    const res = await conn.response();
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).error.code, 'body_too_large');
    await conn.closedByPeer();
    // The JSON routes keep their own 1 MiB limit.
    const json = await RawHttp.connect(small.port);
    json.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${2 * 1024 * 1024}\r\n\r\n`,
    );
    assert.equal((await json.response()).status, 413);
  });

  test('uploads are rate limited per account: 429 with Retry-After', async () => {
    const [ada, bob] = [new ApiClient(small), new ApiClient(small)];
    await ada.register();
    await bob.register();
    // The limit is 3 a minute; the first test's user used two, these are fresh accounts.
    for (let i = 0; i < 3; i++) assert.equal((await uploadFile(ada, `${i}.txt`, 'x')).status, 201);
    const res = await uploadFile(ada, '3.txt', 'x');
    assertError(res, 429, 'rate_limited');
    assert.match(res.headers.get('retry-after'), /^\d+$/);
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    assert.equal((await uploadFile(bob, 'b.txt', 'x')).status, 201);
  });
});

describe('clean-up', () => {
  let quick;
  before(async () => {
    quick = await startOpenchat({ env: { ...env, OPENCHAT_UPLOAD_PENDING_MS: '300' } });
  });
  after(async () => {
    await quick?.stop();
  });

  test('an upload no message used is removed, row and file, once it is old enough', async () => {
    const ada = new ApiClient(quick);
    await ada.register();
    const up = (await uploadFile(ada, 'left.txt', 'left behind')).body.attachment;
    const file = storedFileWith(quick, 'left behind');
    await waitUntil(() => !fs.existsSync(path.join(uploadsDir(quick), file)), {
      message: `the abandoned upload ${file} to be removed`,
    });
    assertError(await ada.get(up.url), 404, 'attachment_not_found');
    await quick.waitForLog(/removing 1 unused uploads/);
  });
});
