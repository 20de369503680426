// The product in a real browser, end to end: two people sign up and verify through the UI,
// become friends, chat in a DM (messages, typing, seen, reactions, edits, deletes, all live),
// create a zone, invite each other by link, chat in a channel with an image, while a third
// person who is not a member sees nothing. Steps run in order and share the people.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ApiClient } from '../integration/lib/api.mjs';
import { startOpenchat } from '../integration/lib/server.mjs';
import { DESKTOP, MOBILE, OUT_DIR, STEP_TIMEOUT_MS, WEB_ROOT, launchBrowser, openPerson, screenshot } from './lib/browser.mjs';
import { verificationCode, verificationLink } from '../integration/lib/outbox.mjs';
import { discPng } from './lib/png.mjs';

let server;
let browser;
let baseUrl;
const people = [];
const run = `${process.pid % 10000}x${Date.now() % 100000}`;
const alice = { username: `alice${run}`, email: `alice${run}@example.test`, display: 'Alice Liddell', password: 'correct horse battery staple' };
const bob = { username: `bob${run}`, email: `bob${run}@example.test`, display: 'Bob Builder', password: 'another fine long passphrase' };
let A; // Alice's browser
let B; // Bob's browser
let dmUrl;
let channelUrl;
let zoneId;

before(async () => {
  server = await startOpenchat({ webRoot: WEB_ROOT });
  baseUrl = `http://localhost:${server.port}`; // PUBLIC_URL's default host, so invite links match
  browser = await launchBrowser();
});

after(async () => {
  const errors = people.flatMap((p) => p.errors);
  await browser?.close();
  await server?.stop();
  // Every console error of the run, for the record (a failing step already says why).
  if (errors.length) fs.writeFileSync(path.join(OUT_DIR, 'console-errors.txt'), errors.join('\n') + '\n');
});

async function person(name, viewport = DESKTOP, colorScheme = 'dark') {
  const p = await openPerson(browser, baseUrl, { viewport, name, colorScheme });
  people.push(p);
  return p;
}

/** Signs up through the register screen; ends on the verification screen. */
async function register(page, who) {
  await page.goto('/register');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Display name').fill(who.display);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/verify');
}

test('Alice registers and verifies her e-mail with the code from the mail', async () => {
  A = await person('alice');
  await A.page.goto('/register');
  await screenshot(A.page, 'register');
  await register(A.page, alice);
  await screenshot(A.page, 'verify-email');
  const code = await verificationCode(server, alice.email, STEP_TIMEOUT_MS);
  await A.page.getByLabel('Verification code').fill(code);
  await A.page.getByRole('button', { name: 'Verify' }).click();
  await A.page.waitForURL('**/friends');
  await A.page.getByRole('heading', { name: 'Friends' }).waitFor();
});

test('Bob registers, verifies by the link in the mail, logs out and logs in again', async () => {
  B = await person('bob');
  await register(B.page, bob);
  const link = await verificationLink(server, bob.email, STEP_TIMEOUT_MS);
  await B.page.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl));
  await B.page.waitForURL('**/friends');
  await B.page.getByText('Your e-mail address is verified.').waitFor();

  await B.page.getByRole('button', { name: 'User settings' }).click();
  await B.page.waitForURL('**/settings/profile');
  await B.page.getByRole('navigation', { name: 'User settings' }).getByRole('button', { name: 'Log out' }).click();
  await B.page.getByRole('dialog').getByRole('button', { name: 'Log out' }).click();
  await B.page.waitForURL('**/login');
  await screenshot(B.page, 'login');
  await B.page.getByLabel('Username or e-mail').fill(bob.username);
  await B.page.getByLabel('Password', { exact: true }).fill('not the password at all');
  await B.page.getByRole('button', { name: 'Log in' }).click();
  await B.page.getByRole('alert').filter({ hasText: /password/i }).waitFor();
  await B.page.getByLabel('Password', { exact: true }).fill(bob.password);
  await B.page.getByRole('button', { name: 'Log in' }).click();
  await B.page.waitForURL('**/friends');
});

test('Alice sends Bob a friend request; Bob accepts; both see each other online', async () => {
  await A.page.getByRole('tab', { name: 'Add friend' }).click();
  await A.page.getByLabel('Username').fill(bob.username);
  await A.page.getByRole('button', { name: 'Send friend request' }).click();
  await A.page.getByText(/sent/i).first().waitFor();

  await B.page.getByRole('tab', { name: 'Pending' }).click();
  await B.page.getByRole('button', { name: `Accept friend request from ${alice.display}` }).click();
  await B.page.getByRole('tab', { name: 'All' }).click();
  await B.page.getByRole('button', { name: `Message ${alice.display}` }).waitFor();

  // Alice's list updates live (friend:added), presence included.
  await A.page.getByRole('tab', { name: 'Online' }).click();
  await A.page.getByRole('button', { name: `Message ${bob.display}` }).waitFor();
  await screenshot(A.page, 'friends');
});

test('a DM: messages, typing, seen, reactions, edits and deletes appear live on both sides', async () => {
  await A.page.getByRole('button', { name: `Message ${bob.display}` }).click();
  await A.page.waitForURL('**/dm/*');
  dmUrl = new URL(A.page.url()).pathname;
  const composerA = A.page.getByRole('textbox', { name: `Message @${bob.display}` });
  await composerA.fill('Hello Bob, welcome to OpenChat');
  await composerA.press('Enter');
  await A.page.getByRole('log', { name: 'Messages' }).getByText('Hello Bob, welcome to OpenChat').waitFor();

  // Bob finds the DM in his sidebar, live.
  await B.page.getByRole('link', { name: new RegExp(`^${alice.display}`) }).click();
  await B.page.waitForURL(`**${dmUrl}`);
  const logB = B.page.getByRole('log', { name: 'Messages' });
  await logB.getByText('Hello Bob, welcome to OpenChat').waitFor();

  // Bob has read it: Alice sees "Seen".
  await A.page.getByText('Seen', { exact: true }).waitFor();

  // Typing shows on the other side, then the message replaces it.
  const composerB = B.page.getByRole('textbox', { name: `Message @${alice.display}` });
  await composerB.pressSequentially('Hi Alice, this is **great**', { delay: 15 });
  await A.page.getByRole('status').filter({ hasText: `${bob.display} is typing` }).waitFor();
  await composerB.press('Enter');
  const logA = A.page.getByRole('log', { name: 'Messages' });
  await logA.locator('strong', { hasText: 'great' }).waitFor();
  await A.page.getByRole('status').filter({ hasText: 'is typing' }).waitFor({ state: 'hidden' });

  // Alice reacts to Bob's message with the picker; Bob sees the count.
  const bobsMessage = logA.locator('li, article, [role="article"]').filter({ hasText: 'Hi Alice, this is' }).last();
  await bobsMessage.hover();
  await bobsMessage.getByRole('button', { name: 'Add reaction' }).first().click();
  await A.page.getByLabel('Search emoji').fill('thumbs up');
  await A.page.getByRole('button', { name: 'thumbs up', exact: true }).first().click();
  await logB.getByRole('button', { name: /👍\s*1/ }).waitFor();

  // Alice edits her message: Bob sees the new text and the marker.
  const mine = logA.locator('li, article, [role="article"]').filter({ hasText: 'Hello Bob, welcome' }).last();
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editor = A.page.getByRole('textbox', { name: 'Edit message' });
  await editor.fill('Hello Bob, welcome aboard');
  await editor.press('Enter');
  await logB.getByText('Hello Bob, welcome aboard').waitFor();
  await logB.getByText('(edited)').waitFor();
  await screenshot(A.page, 'dm');
  await screenshot(B.page, 'dm-other-side');

  // Alice deletes it after confirming: it disappears for Bob.
  const edited = logA.locator('li, article, [role="article"]').filter({ hasText: 'Hello Bob, welcome aboard' }).last();
  await edited.hover();
  await edited.getByRole('button', { name: 'Delete message' }).click();
  await A.page.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await logB.getByText('Hello Bob, welcome aboard').waitFor({ state: 'detached' });
  await logA.getByText('Hello Bob, welcome aboard').waitFor({ state: 'detached' });
});

test('Alice creates a zone and invites Bob by link; they chat in its channel with an image', async () => {
  await A.page.getByRole('button', { name: 'Create a zone' }).click();
  const dialog = A.page.getByRole('dialog', { name: 'Create a zone' });
  await dialog.getByLabel('Zone name').fill('Rocket Club');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await A.page.waitForURL('**/zones/*/*');
  channelUrl = new URL(A.page.url()).pathname;
  zoneId = channelUrl.split('/')[2];

  await A.page.getByRole('button', { name: /Rocket Club/ }).first().click();
  await A.page.getByRole('menuitem', { name: 'Invite people' }).click();
  const invite = A.page.getByRole('dialog', { name: 'Invite people' });
  const link = invite.getByLabel('Invite link');
  await A.page.waitForFunction((el) => el && el.value.includes('/invite/'), await link.elementHandle());
  const inviteUrl = await link.inputValue();
  assert.match(inviteUrl, /^http:\/\/localhost:\d+\/invite\/\S+$/);
  await screenshot(A.page, 'invite-dialog');
  await A.page.keyboard.press('Escape');

  await B.page.goto(inviteUrl);
  await B.page.getByText('Rocket Club').first().waitFor();
  await screenshot(B.page, 'invite');
  await B.page.getByRole('button', { name: 'Accept invite' }).click();
  await B.page.waitForURL(`**${channelUrl}`);

  const composerB = B.page.getByRole('textbox', { name: 'Message #general' });
  await composerB.fill('Hi club, Bob here');
  await composerB.press('Enter');
  const logA = A.page.getByRole('log', { name: 'Messages' });
  await logA.getByText('Hi club, Bob here').waitFor();

  // Bob mentions Alice by picking her from the list "@Ali" opens; she sees her name.
  await composerB.pressSequentially('@Ali');
  await B.page.getByRole('listbox', { name: 'Mention someone' }).getByRole('option', { name: new RegExp(`^${alice.display}`) }).waitFor();
  await composerB.press('Enter'); // picks, does not send
  await composerB.pressSequentially('welcome to the club');
  await composerB.press('Enter');
  await logA.locator('[role="article"]').filter({ hasText: 'welcome to the club' }).getByText(`@${alice.display}`).waitFor();

  // An image through the upload button: progress, then a preview for both.
  const png = path.join(OUT_DIR, 'rocket.png');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(png, discPng());
  await A.page.getByLabel('Upload a file').setInputFiles(png);
  const composerA = A.page.getByRole('textbox', { name: 'Message #general' });
  await A.page.getByRole('button', { name: 'Remove rocket.png' }).waitFor();
  await composerA.fill('Our logo');
  await composerA.press('Enter');
  const logB = B.page.getByRole('log', { name: 'Messages' });
  await logB.getByRole('img', { name: 'rocket.png' }).waitFor();
  await logA.getByRole('img', { name: 'rocket.png' }).waitFor();
  await screenshot(A.page, 'channel');
});

test('the server goes down and comes back: the pages say "Reconnecting…", then carry on live', async () => {
  server.proc.kill('SIGKILL');
  await server.closePromise;
  const banner = A.page.getByRole('status').filter({ hasText: 'Reconnecting…' });
  await banner.waitFor();
  await screenshot(A.page, 'reconnecting');
  await server.spawnOnce(); // same port, same data
  await banner.waitFor({ state: 'detached' });
  await B.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ state: 'detached' });
  const composerB = B.page.getByRole('textbox', { name: 'Message #general' });
  await composerB.fill('Back after the restart');
  await composerB.press('Enter');
  await A.page.getByRole('log', { name: 'Messages' }).getByText('Back after the restart').waitFor();
});

test('a third person who is not a member sees nothing of the zone', async () => {
  const api = new ApiClient(server);
  await api.register({ display_name: 'Carol Outsider' });
  await api.verifyEmail();
  const C = await person('carol');
  await C.context.addCookies([{ name: 'oc_session', value: api.cookie, url: baseUrl }]);
  await C.page.goto(channelUrl);
  await C.page.getByRole('alert').first().waitFor();
  assert.equal(await C.page.getByText('Hi club, Bob here').count(), 0);
  assert.equal(await C.page.getByRole('link', { name: /Rocket Club/ }).count(), 0);
  const history = await api.get(`/api/v1/channels/${channelUrl.split('/')[3]}/messages`);
  // Not a member: the server does not even confirm the channel exists.
  assert.equal(history.status, 404, history.text);
  assert.equal(history.body.error.code, 'channel_not_found');
  await screenshot(C.page, 'not-a-member');
});

test('the main screens on a phone-sized screen, in the light theme', async () => {
  const M = await person('alice-phone', MOBILE, 'light');
  await M.context.addCookies(await A.context.cookies());
  /** Screenshot, after checking the screen fits 390 px without sideways scrolling. */
  const check = async (page, name) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the screen`);
    await screenshot(page, name);
  };
  await M.page.goto('/friends');
  await M.page.getByRole('heading', { name: 'Friends' }).waitFor();
  await check(M.page, 'friends');
  await M.page.getByRole('button', { name: 'Open navigation' }).click();
  await M.page.getByRole('link', { name: new RegExp(`^${bob.display}`) }).waitFor();
  await check(M.page, 'navigation');
  await M.page.goto(dmUrl);
  await M.page.getByRole('log', { name: 'Messages' }).getByText('Hi Alice, this is').waitFor();
  await check(M.page, 'dm');
  await M.page.goto(channelUrl);
  await M.page.getByRole('log', { name: 'Messages' }).getByText('Hi club, Bob here').waitFor();
  await check(M.page, 'channel');
  await M.page.goto(`/zones/${zoneId}/settings/overview`);
  await M.page.getByLabel('Zone name').waitFor();
  await check(M.page, 'zone-settings');
  await M.page.goto('/settings/profile');
  await M.page.getByLabel('Display name').waitFor();
  await check(M.page, 'settings');

  const S = await person('signed-out-phone', MOBILE, 'light');
  await S.page.goto('/login');
  await S.page.getByRole('button', { name: 'Log in' }).waitFor();
  await check(S.page, 'login');
  await S.page.goto('/register');
  await S.page.getByRole('button', { name: 'Create account' }).waitFor();
  await check(S.page, 'register');

  await A.page.goto(`/zones/${zoneId}/settings/overview`);
  await A.page.getByLabel('Zone name').waitFor();
  await screenshot(A.page, 'zone-settings');
  await A.page.goto('/settings/profile');
  await A.page.getByLabel('Display name').waitFor();
  await screenshot(A.page, 'settings');
});
