// Auth through the real google-auth-library: fixed tokens, an OAuth2Client, and Application
// Default Credentials from a service-account key generated here, run fully offline.
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxy, JOBS_SCOPE } from '../../packages/talent-beacon-server/src/proxy.js';
import { NOW, post, stubFetch, testProxy, urlOf, v3Event } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'talent-beacon-auth-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const tokenRequests: Record<string, string>[] = [];
let tokenServer: Server;
let tokenUrl = '';

function decodeJwt(jwt: string) {
  const [h, p, s] = jwt.split('.');
  const verify = createVerify('RSA-SHA256');
  verify.update(`${h}.${p}`);
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString()),
    valid: verify.verify(publicKey, Buffer.from(s!, 'base64url')),
  };
}

function keyFile(name: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'acme',
      private_key_id: 'key-1',
      private_key: pem,
      client_email: 'beacon@acme.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: tokenUrl,
      ...extra,
    }),
  );
  return file;
}

beforeAll(async () => {
  // A tiny OAuth 2.0 token endpoint (RFC 7523 JWT bearer grant) on 127.0.0.1 that checks the signature.
  tokenServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      tokenRequests.push(form);
      const jwt = decodeJwt(form.assertion ?? '..');
      if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !jwt.valid)
        return void res.writeHead(400).end('{"error":"invalid_grant"}');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'ya29.local-access-token', expires_in: 3600, token_type: 'Bearer' }));
    });
  });
  await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
  await new Promise((r) => {
    tokenServer.close(r);
    tokenServer.closeAllConnections();
  });
  rmSync(dir, { recursive: true, force: true });
});

describe('auth', () => {
  it('sends a fixed token as Bearer', async () => {
    const t = testProxy({ token: 'dev' });
    await post(t.proxy, { events: [v3Event()] });
    expect(t.calls[0]!.headers.authorization).toBe('Bearer dev');
  });
  it('takes a google-auth-library OAuth2Client as auth', async () => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: 'oauth-token-1', expiry_date: Date.now() + 3_600_000 });
    const t = testProxy({ token: undefined, auth });
    await post(t.proxy, { events: [v3Event()] });
    expect(t.calls[0]!.headers.authorization).toBe('Bearer oauth-token-1');
  });
  it('takes any object with getAccessToken() or getRequestHeaders()', async () => {
    const a = testProxy({
      token: undefined,
      auth: { getAccessToken: () => Promise.resolve({ token: 'from-object' }) },
    });
    await post(a.proxy, { events: [v3Event()] });
    expect(a.calls[0]!.headers.authorization).toBe('Bearer from-object');
    const b = testProxy({
      token: undefined,
      auth: { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: 'Bearer from-headers' })) },
    });
    await post(b.proxy, { events: [v3Event()] });
    expect(b.calls[0]!.headers.authorization).toBe('Bearer from-headers');
  });
  it('runs the service-account JWT flow of GoogleAuth against a local token endpoint, with the jobs scope', async () => {
    // gtoken 8 posts to https://oauth2.googleapis.com/token whatever the key's token_uri says; the
    // documented transporter options let the test send that request to the local endpoint instead.
    const toLocal = (input: string | URL | Request, init?: RequestInit) =>
      fetch(urlOf(input).startsWith('https://oauth2.googleapis.com/token') ? tokenUrl : input, init);
    const auth = new GoogleAuth({
      keyFilename: keyFile('key.json'),
      scopes: [JOBS_SCOPE],
      clientOptions: { transporterOptions: { fetchImplementation: toLocal } },
    });
    const t = testProxy({ token: undefined, auth });
    await post(t.proxy, { events: [v3Event(), v3Event()] });
    expect(t.calls.map((c) => c.headers.authorization)).toEqual([
      'Bearer ya29.local-access-token',
      'Bearer ya29.local-access-token',
    ]);
    // One token for both calls (cached by the client), signed with the key, for the jobs scope.
    expect(tokenRequests).toHaveLength(1);
    const { payload, valid, header } = decodeJwt(tokenRequests[0]!.assertion!);
    expect(valid).toBe(true);
    expect(header).toMatchObject({ alg: 'RS256' });
    expect(payload).toMatchObject({ iss: 'beacon@acme.iam.gserviceaccount.com', scope: JOBS_SCOPE });
  });
  it('uses Application Default Credentials by default (GOOGLE_APPLICATION_CREDENTIALS), fully offline', async () => {
    // A key in another universe makes google-auth-library sign its own JWT access token (no token
    // endpoint at all), so the real ADC discovery + key loading + RS256 signing runs offline.
    const previous = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile('adc.json', { universe_domain: 'universe.example' });
    try {
      const t = testProxy({ token: undefined });
      const r = await post(t.proxy, { events: [v3Event()] });
      expect(r.json.results[0].status).toBe('accepted');
      const authorization = t.calls[0]!.headers.authorization!;
      expect(authorization).toMatch(/^Bearer eyJ/);
      const jwt = decodeJwt(authorization.slice('Bearer '.length));
      expect(jwt.valid).toBe(true);
      expect(jwt.payload).toMatchObject({ iss: 'beacon@acme.iam.gserviceaccount.com', scope: JOBS_SCOPE });
    } finally {
      if (previous === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = previous;
    }
  });
  it('answers retry when no credentials can be had, and logs no secret', async () => {
    const logs: Record<string, unknown>[] = [];
    const proxy = createProxy({
      project: 'acme',
      allowedOrigins: [],
      auth: {
        getAccessToken: () =>
          Promise.reject(new Error('token endpoint said: invalid_grant for Bearer ya29.leaked-token')),
      },
      fetch: stubFetch().fetch,
      now: () => NOW,
      log: (l) => void logs.push(l),
    });
    const r = await post(proxy, { events: [v3Event()] }, { origin: null });
    expect(r.json.results[0].status).toBe('retry');
    const text = JSON.stringify(logs) + JSON.stringify(r.json);
    expect(text).toContain('no upstream credentials');
    expect(text).not.toContain('ya29.leaked-token');
  });
});
