// Settings that cannot work stop the start with a clear message and exit status 2, rather
// than a server that runs with mail or sign-in silently missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPENCHAT_BIN } from '../lib/server.mjs';

function start(env) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openchat-startup-'));
  try {
    return spawnSync(OPENCHAT_BIN, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      encoding: 'utf8',
      timeout: 20000,
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const [what, env, message] of [
  ['a mail server URL that is not smtp:// or smtps://', { SMTP_URL: 'http://mail.example' }, /smtp/i],
  ['a sender that is not an address', { SMTP_FROM: 'nobody' }, /SMTP_FROM|sender/i],
  ['an identity provider without a client id', { OIDC_ISSUER: 'https://accounts.example' }, /client/i],
  ['an identity provider over plain http elsewhere', { OIDC_ISSUER: 'http://idp.example', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' }, /https/i],
  ['a session key that is too short', { JWT_SECRET: 'short' }, /JWT_SECRET/],
  ['a malformed rate limit', { OPENCHAT_RATE_LIMITS: 'login=fast' }, /rate limit/],
]) {
  test(`refuses to start with ${what}`, () => {
    const r = start(env);
    assert.equal(r.status, 2, `exit status; log:\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /listening on/);
  });
}
