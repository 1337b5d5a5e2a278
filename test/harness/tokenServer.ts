// A Docker-style token server (distribution "token authentication" spec) for tests: ES256 JWTs with
// an x5c header that docker-registry 2.8.2 trusts via `auth.token.rootcertbundle`. Supports
// GET /token (Basic credentials) and POST /token (OAuth2 form: password and refresh_token grants).
// The signing key is generated at runtime in a temp dir and removed on close().
import { randomBytes, sign, verify, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback } from './loopback';
import { runCommand } from './runCommand';
import { readRequestText } from './requestBody';

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenSigner {
  certPath: string;
  /** Signs claims with ES256 (IEEE P1363 signature) and the certificate in `x5c`. */
  sign(claims: Record<string, unknown>): string;
  /** Claims of a token this signer issued, if the signature is valid and it has not expired; else undefined. */
  verify(token: string): Record<string, unknown> | undefined;
}

/** Creates a P-256 key and a self-signed certificate with openssl, in `dir`. */
export async function createTokenSigner(dir: string): Promise<TokenSigner> {
  const keyPath = join(dir, 'token-key.pem');
  const certPath = join(dir, 'token-cert.pem');
  await runCommand('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath], { timeoutMs: 15_000 });
  await runCommand('openssl', ['req', '-new', '-x509', '-key', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=crx-test-token-issuer'], {
    timeoutMs: 15_000,
  });
  const key: KeyObject = createPrivateKey(await readFile(keyPath));
  const cert = new X509Certificate(await readFile(certPath));
  const certDer = cert.raw.toString('base64');
  const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    certPath,
    sign(claims) {
      const input = `${b64url({ typ: 'JWT', alg: 'ES256', x5c: [certDer] })}.${b64url(claims)}`;
      const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
      if (!ok) return undefined;
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : undefined;
    },
  };
}

/** Turns `repository:a/b:pull,push` strings (space-separated lists allowed) into access entries. */
export function parseScopes(scopes: string[]): AccessEntry[] {
  const result: AccessEntry[] = [];
  for (const scope of scopes.flatMap((s) => s.split(' ')).filter(Boolean)) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first) continue;
    result.push({ type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) });
  }
  return result;
}

export interface TokenRequestRecord {
  method: string;
  /** When the request arrived (before any configured delay). */
  receivedAt: number;
  /** True when a refresh_token or password field was in the form (their values are never recorded). */
  hadSecretField?: boolean;
  grantType?: string;
  /** Authenticated subject, '' for anonymous. */
  subject: string;
  scopes: string[];
  service?: string;
  /** True when the request carried Basic credentials (their values are never recorded). */
  hadBasic: boolean;
  status: number;
  /** Bytes of an oversized body written before the client closed the connection or it ended. */
  bytesSent?: number;
}

export interface TokenServerOptions {
  /** username → password. When given, wrong credentials get 401 and anonymous subjects get no access by default. */
  users?: Record<string, string>;
  /** What a subject gets for the requested scopes; default: everything when authenticated (or when no users are configured). `secret` is the Basic password, when one was sent. */
  grant?: (subject: string, requested: AccessEntry[], secret?: string) => AccessEntry[];
  /** Checks Basic credentials instead of `users` (a user with several tokens, as GitHub's). */
  authenticate?: (username: string, password: string) => boolean;
  service?: string;
  issuer?: string;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
  /** Delay before answering, to test single-flight. */
  delayMs?: number;
  /** Answer GET /token with 405, like token services that only take the OAuth2 POST form. */
  postOnly?: boolean;
  /** Answer this many first requests with 429 and `Retry-After: 1`, like a throttled token service. */
  throttleFirst?: number;
  /** Answer 200 with a body this long (no Content-Length), sent as fast as the client reads it. */
  oversizedBodyBytes?: number;
  /** Address to listen on (default 127.0.0.1); another loopback address stands for another host. */
  listenHost?: string;
}

export interface RunningTokenServer {
  /** `http://<listenHost>:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/token`, for the registry's `auth.token.realm`. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate for the registry's `auth.token.rootcertbundle`. */
  certPath: string;
  requests: TokenRequestRecord[];
  /** A refresh token for `subject` accepted by POST grant_type=refresh_token (like Docker's identitytoken). */
  issueRefreshToken(subject: string): string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes `total` bytes of filler in 64 KiB chunks, waiting for the client; stops early when it hangs up. */
async function streamFiller(res: ServerResponse, total: number): Promise<number> {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  while (sent < total && !res.destroyed) {
    const ok = res.write(chunk);
    sent += chunk.length;
    if (!ok) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  }
  res.end();
  return sent;
}

export async function startTokenServer(options: TokenServerOptions = {}): Promise<RunningTokenServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-token-'));
  const signer = await createTokenSigner(dir).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const service = options.service ?? 'crx-test-registry';
  const issuer = options.issuer ?? 'crx-test-issuer';
  const expiresIn = options.expiresIn ?? 300;
  const requests: TokenRequestRecord[] = [];
  const refreshTokens = new Map<string, string>();
  const users = options.users;
  const grant =
    options.grant ?? ((subject: string, requested: AccessEntry[]) => (users === undefined || subject !== '' ? requested : []));

  const issueRefreshToken = (subject: string): string => {
    const token = randomBytes(24).toString('base64url');
    refreshTokens.set(token, subject);
    return token;
  };

  const accessToken = (subject: string, scopes: string[], secret?: string): string => {
    const now = Math.floor(Date.now() / 1000);
    return signer.sign({
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(12).toString('hex'),
      access: grant(subject, parseScopes(scopes), secret),
    });
  };

  let throttled = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: TokenRequestRecord = { method: req.method ?? '', receivedAt, subject: '', scopes: [], hadBasic: /^basic /i.test(req.headers.authorization ?? ''), status: 0 };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      sendJson(res, status, body, status === 401 ? { 'www-authenticate': 'Basic realm="crx-token"', ...headers } : headers);
    };
    if (options.oversizedBodyBytes) {
      record.status = 200;
      record.bytesSent = await streamFiller(res, options.oversizedBodyBytes);
      return;
    }
    if (throttled < (options.throttleFirst ?? 0)) {
      throttled++;
      req.resume();
      return reply(429, { error: 'too_many_requests' }, { 'retry-after': '1' });
    }
    if (url.pathname !== '/token') return reply(404, { error: 'not_found' });

    if (req.method === 'GET' && !options.postOnly) {
      record.scopes = url.searchParams.getAll('scope');
      record.service = url.searchParams.get('service') ?? undefined;
      const header = req.headers.authorization ?? '';
      let secret: string | undefined;
      if (header.toLowerCase().startsWith('basic ')) {
        const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
        const password = colon >= 0 ? decoded.slice(colon + 1) : '';
        const known = options.authenticate ? options.authenticate(username, password) : users === undefined || users[username] === password;
        if (!known) return reply(401, { error: 'invalid_grant', details: 'wrong credentials' });
        record.subject = username;
        secret = password;
      }
      const token = accessToken(record.subject, record.scopes, secret);
      return reply(200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() });
    }

    if (req.method === 'POST') {
      const form = new URLSearchParams(await readRequestText(req));
      record.grantType = form.get('grant_type') ?? undefined;
      record.hadSecretField = form.has('refresh_token') || form.has('password');
      record.scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      record.service = form.get('service') ?? undefined;
      if (record.grantType === 'password') {
        const username = form.get('username') ?? '';
        if (users !== undefined && users[username] !== (form.get('password') ?? '')) {
          return reply(401, { error: 'invalid_grant', error_description: 'wrong credentials' });
        }
        record.subject = username;
        return reply(200, {
          access_token: accessToken(username, record.scopes),
          refresh_token: issueRefreshToken(username),
          expires_in: expiresIn,
          scope: record.scopes.join(' '),
        });
      }
      if (record.grantType === 'refresh_token') {
        const subject = refreshTokens.get(form.get('refresh_token') ?? '');
        if (subject === undefined) return reply(401, { error: 'invalid_grant', error_description: 'unknown refresh token' });
        record.subject = subject;
        return reply(200, { access_token: accessToken(subject, record.scopes), expires_in: expiresIn, scope: record.scopes.join(' ') });
      }
      return reply(400, { error: 'unsupported_grant_type' });
    }
    return reply(405, { error: 'method_not_allowed' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', details: String(error) });
      else res.destroy();
    });
  });
  const listener = await listenOnLoopback(server, { address: options.listenHost });
  const url = listener.url;
  let closed = false;
  return {
    url,
    realm: `${url}/token`,
    service,
    issuer,
    certPath: signer.certPath,
    requests,
    issueRefreshToken,
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
