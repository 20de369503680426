// A small OpenID Connect provider for the sign-in tests, on node:http and node:crypto only.
//
// It serves discovery, a JWKS with an RSA key generated at start, /authorize (which signs the
// next identity in at once: the test queues it with nextLogin() and /authorize redirects
// straight back to redirect_uri with a code and the state) and /token (which checks
// grant_type, code, redirect_uri, the client's credentials (Basic or form) and the PKCE
// verifier against the S256 challenge, and returns an RS256 ID token). Knobs on nextLogin()
// make the token bad in one way each, so the server's refusals can be tested one by one.
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function newKey(kid) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e } };
}

function signJwt(header, claims, privateKey) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = crypto.sign('sha256', Buffer.from(input), privateKey);
  return `${input}.${b64url(sig)}`;
}

/** Form-decoding of one part of an HTTP Basic client credential (RFC 6749 2.3.1). */
const formDecode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));

export class OidcIssuer {
  /**
   * clientId, clientSecret: the one registered client.
   * authMethods: token_endpoint_auth_methods_supported to advertise (undefined: not listed).
   */
  constructor({ clientId = 'openchat-test', clientSecret = 'test-secret', authMethods } = {}) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.authMethods = authMethods;
    this.keys = [newKey('key-1')];
    this.queue = [];
    this.codes = new Map();
    this.authorizeRequests = []; // URLSearchParams of every /authorize
    this.tokenRequests = []; // {auth, params} of every /token
    this.hits = { discovery: 0, jwks: 0, authorize: 0, token: 0 };
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err.stack || err));
      });
    });
  }

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  /**
   * Queues the identity the next /authorize signs in: {sub, email, email_verified, name} plus
   * knobs: error (an OAuth error code to redirect with instead), tokenError (the token endpoint
   * answers 400 with it), claims (extra or replacing claims), and bad: one of "aud", "iss",
   * "expired", "nonce", "signature", "kid", "alg", "iat", "audiences" (two audiences, no azp),
   * "malformed".
   */
  nextLogin(login) {
    this.queue.push(login);
  }

  /** A new signing key with a new kid; the old one leaves the JWKS. */
  rotateKey() {
    const n = Number(this.keys[0].kid.split('-')[1]) + 1;
    this.keys = [newKey(`key-${n}`)];
  }

  get key() {
    return this.keys[0];
  }

  discovery() {
    const doc = {
      issuer: this.url,
      authorization_endpoint: `${this.url}/authorize`,
      token_endpoint: `${this.url}/token`,
      jwks_uri: `${this.url}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email', 'profile'],
    };
    if (this.authMethods) doc.token_endpoint_auth_methods_supported = this.authMethods;
    return doc;
  }

  async handle(req, res) {
    const url = new URL(req.url, this.url);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      this.hits.discovery++;
      return json(200, this.discovery());
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      this.hits.jwks++;
      return json(200, { keys: this.keys.map((k) => k.jwk) });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      return this.token(req, new URLSearchParams(body), json);
    }
    return json(404, { error: 'not_found' });
  }

  authorize(url, res) {
    this.hits.authorize++;
    const p = url.searchParams;
    this.authorizeRequests.push(p);
    const redirect = new URL(p.get('redirect_uri'));
    const back = (params) => {
      for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
      res.writeHead(302, { location: redirect.href });
      res.end();
    };
    const login = this.queue.shift();
    if (!login) return back({ error: 'login_required', state: p.get('state') });
    if (login.error) return back({ error: login.error, state: p.get('state') });
    if (p.get('response_type') !== 'code' || p.get('client_id') !== this.clientId)
      return back({ error: 'invalid_request', state: p.get('state') });
    const code = b64url(crypto.randomBytes(24));
    this.codes.set(code, {
      login,
      redirectUri: p.get('redirect_uri'),
      nonce: p.get('nonce'),
      challenge: p.get('code_challenge'),
      method: p.get('code_challenge_method'),
      used: false,
    });
    return back({ code, state: p.get('state') });
  }

  /** The client's credentials and how they came: Basic header or form fields. */
  client(req, params) {
    const h = req.headers.authorization;
    if (h && h.startsWith('Basic ')) {
      const text = Buffer.from(h.slice(6), 'base64').toString();
      const i = text.indexOf(':');
      return { auth: 'basic', id: formDecode(text.slice(0, i)), secret: formDecode(text.slice(i + 1)) };
    }
    return { auth: 'post', id: params.get('client_id'), secret: params.get('client_secret') };
  }

  token(req, params, json) {
    this.hits.token++;
    const client = this.client(req, params);
    this.tokenRequests.push({ auth: client.auth, params });
    const allowed = this.authMethods || ['client_secret_basic'];
    const method = client.auth === 'basic' ? 'client_secret_basic' : 'client_secret_post';
    if (client.id !== this.clientId || client.secret !== this.clientSecret || !allowed.includes(method))
      return json(401, { error: 'invalid_client' });
    if (params.get('grant_type') !== 'authorization_code')
      return json(400, { error: 'unsupported_grant_type' });
    const grant = this.codes.get(params.get('code'));
    if (!grant || grant.used) return json(400, { error: 'invalid_grant' });
    grant.used = true;
    if (params.get('redirect_uri') !== grant.redirectUri)
      return json(400, { error: 'invalid_grant', error_description: 'redirect_uri' });
    const verifier = params.get('code_verifier') || '';
    const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
    if (grant.method !== 'S256' || challenge !== grant.challenge)
      return json(400, { error: 'invalid_grant', error_description: 'code_verifier' });
    const { login } = grant;
    if (login.tokenError) return json(400, { error: login.tokenError });
    return json(200, {
      access_token: b64url(crypto.randomBytes(16)),
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: this.idToken(login, grant.nonce),
    });
  }

  idToken(login, nonce) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: this.url,
      sub: login.sub,
      aud: this.clientId,
      exp: now + 3600,
      iat: now,
      nonce,
      ...(login.email !== undefined && { email: login.email }),
      ...(login.email_verified !== undefined && { email_verified: login.email_verified }),
      ...(login.name !== undefined && { name: login.name }),
      ...login.claims,
    };
    let header = { alg: 'RS256', typ: 'JWT', kid: this.key.kid };
    let key = this.key.privateKey;
    switch (login.bad) {
      case undefined: break;
      case 'aud': claims.aud = 'another-client'; break;
      case 'audiences': claims.aud = [this.clientId, 'another-client']; break;
      case 'iss': claims.iss = `${this.url}/elsewhere`; break;
      case 'expired': claims.exp = now - 3600; claims.iat = now - 7200; break;
      case 'iat': claims.iat = now + 3600; claims.exp = now + 7200; break;
      case 'nonce': claims.nonce = b64url(crypto.randomBytes(32)); break;
      case 'signature': key = newKey(this.key.kid).privateKey; break;
      case 'kid': {
        const stranger = newKey('not-published');
        header = { ...header, kid: stranger.kid };
        key = stranger.privateKey;
        break;
      }
      case 'alg': {
        header = { alg: 'HS256', typ: 'JWT', kid: this.key.kid };
        const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
        const mac = crypto.createHmac('sha256', this.clientSecret).update(input).digest();
        return `${input}.${b64url(mac)}`;
      }
      case 'malformed': return 'not-a-jwt';
      default: throw new Error(`unknown knob bad=${login.bad}`);
    }
    return signJwt(header, claims, key);
  }
}

export async function startIssuer(opts) {
  return new OidcIssuer(opts).start();
}
