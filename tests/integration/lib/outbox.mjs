// Reads the mails the server wrote to DATA_DIR/outbox (no SMTP configured), the way a person
// reads their inbox: newest first, by recipient. The REST helpers and the browser tests share it.
import fs from 'node:fs';
import path from 'node:path';
import { WAIT_MS, waitUntil } from './server.mjs';

function mailsTo(server, email) {
  const dir = path.join(server.dataDir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.eml'))
    .sort()
    .reverse()
    .map((n) => fs.readFileSync(path.join(dir, n), 'utf8'))
    .filter((text) => {
      const to = /^To: (?:.*<([^>]*)>|(.*))$/im.exec(text);
      return to && (to[1] ?? to[2]).trim().toLowerCase() === email.toLowerCase();
    });
}

/** The newest mail to email matching re (waits for it); resolves with re's first group. */
export async function fromMail(server, email, re, what = 'a mail', timeout = WAIT_MS) {
  return waitUntil(
    () => {
      for (const text of mailsTo(server, email)) {
        // Quoted-printable soft line breaks would split long links.
        const m = re.exec(text.replace(/=\r?\n/g, ''));
        if (m) return m[1];
      }
      return null;
    },
    { timeout, message: `${what} in ${path.join(server.dataDir, 'outbox')} for ${email}` },
  );
}

export const verificationCode = (server, email, timeout) =>
  fromMail(server, email, /code is (\d{6})/, 'a verification code', timeout);
export const verificationLink = (server, email, timeout) =>
  fromMail(
    server,
    email,
    /(https?:\/\/\S+\/api\/v1\/auth\/verify-email\?token=[A-Za-z0-9_%-]+)/,
    'a verification link',
    timeout,
  );
