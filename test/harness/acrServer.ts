// An Azure Container Registry look-alike for tests, written from the ACR data-plane REST spec
// (Azure/azure-rest-api-specs, specification/containerregistry/data-plane): POST /oauth2/exchange
// (Entra token → ACR refresh token), /oauth2/token (refresh_token grant, Basic or anonymous GET),
// /acr/v1/_catalog, /acr/v1/{name}/_tags (times, digests, Link paging), /acr/v1/{name}/_manifests
// (untagged ones with empty tags), DELETE /acr/v1/{name}/_tags/{tag}, and attributes and locks
// (acrAttributes.ts). /v2/ is proxied to a real docker-registry that trusts this server's tokens.
// Entra tokens are plain strings the test registers (no Entra ID involved).
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenSigner, parseScopes, type AccessEntry, type TokenSigner } from './tokenServer';
import { generateTlsCertificates, startRegistry, type RunningRegistry } from './registryServer';
import { deleteStoredRepository, deleteStoredTag, pageAfter, pageAfterItem, readStoredManifests, readStoredTags, repositoryExists, type StoredTag } from './acrMetadata';
import { AttributeStore, DISALLOWED, handleItem, handleRepository, lockRefuses, type AttributeRoutes } from './acrAttributes';
import { acrManifestEntry } from './acrManifestEntry';
import { readRequestText } from './requestBody';
import { listenOnLoopback } from './loopback';
import { RequestGate } from './requestGate';

export interface AcrServerOptions {
  /** Entra access token string → subject. Exchanging anything else gives 401. */
  aadTokens?: Record<string, string>;
  /** Admin-user style Basic credentials for GET /oauth2/token. */
  users?: Record<string, string>;
  /** Anonymous pull (ACR's `anonymousPullEnabled`): anonymous tokens get `pull` on repositories. */
  anonymousPull?: boolean;
  /** Actions no token of a signed-in user gets (a role without them, e.g. AcrDelete alone lacks metadata_read). */
  withheldActions?: string[];
  /** Lifetime of access tokens and refresh tokens, seconds. */
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  /**
   * Serve the token endpoints also on a second listener at this address and name it as the realm
   * (real ACR names itself): another port of 127.0.0.1, or another loopback address for another host.
   */
  realmListenHost?: string;
  /** Serve the login server over HTTPS with a certificate for 127.0.0.1 from a test CA (`caCertPath`), as real ACR is reached. */
  tls?: boolean;
}

export interface AcrRequestRecord {
  /** Which listener received it: the login server, or the separate realm listener. */
  server: 'login' | 'realm';
  method: string;
  path: string;
  grantType?: string;
  scopes?: string[];
  tenant?: string;
  status?: number;
}

export interface RunningAcr {
  /** `127.0.0.1:<port>`: the login server, also the token `service`. */
  host: string;
  url: string;
  service: string;
  /** With `tls`: the CA that signed the login server's certificate. */
  caCertPath?: string;
  registry: RunningRegistry;
  requests: AcrRequestRecord[];
  /** Attributes changed through PATCH (or by the test directly). */
  attributes: AttributeStore;
  /** Closed by a test to hold every GET /acr/v1/{name} (a repository's details) until it is released. */
  repositoryDetailsGate: RequestGate;
  close(): Promise<void>;
}

export async function startAcrServer(options: AcrServerOptions = {}): Promise<RunningAcr> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-acr-'));
  let signer: TokenSigner;
  try {
    signer = await createTokenSigner(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const requests: AcrRequestRecord[] = [];
  const attributes = new AttributeStore();
  const repositoryDetailsGate = new RequestGate();
  const issuer = 'crx-test-acr';
  const accessSeconds = options.accessTokenSeconds ?? 300;
  const refreshSeconds = options.refreshTokenSeconds ?? 3 * 3600;
  // Assigned once listening; handlers run only after that.
  let service = '';
  let url = '';
  let realmUrl = '';
  let registry: RunningRegistry | undefined;

  const now = (): number => Math.floor(Date.now() / 1000);
  const accessToken = (subject: string, access: AccessEntry[]): string =>
    signer.sign({ iss: issuer, sub: subject, aud: service, exp: now() + accessSeconds, nbf: now() - 10, iat: now(), jti: randomBytes(8).toString('hex'), access });
  const refreshToken = (subject: string, tenant?: string): string =>
    signer.sign({ iss: issuer, sub: subject, aud: service, exp: now() + refreshSeconds, iat: now(), jti: randomBytes(8).toString('hex'), grant_type: 'refresh_token', tenant });
  const anonymousAccess = (requested: AccessEntry[]): AccessEntry[] =>
    options.anonymousPull
      ? requested.filter((a) => a.type === 'repository').map((a) => ({ ...a, actions: a.actions.filter((x) => x === 'pull') })).filter((a) => a.actions.length)
      : [];

  const send = (res: ServerResponse, record: AcrRequestRecord, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const challenge = (res: ServerResponse, record: AcrRequestRecord, scope: string, insufficient: boolean): void => {
    const [type, ...rest] = scope.split(':');
    const action = rest.pop() ?? '';
    send(res, record, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: [{ Type: type, Name: rest.join(':'), Action: action }] }] }, {
      'www-authenticate': `Bearer realm="${realmUrl}/oauth2/token",service="${service}",scope="${scope}"${insufficient ? ',error="insufficient_scope"' : ''}`,
    });
  };
  /** True when the request carries one of our tokens granting `action` on the resource; else answers 401. */
  const authorize = (req: IncomingMessage, res: ServerResponse, record: AcrRequestRecord, type: string, name: string, action: string): boolean => {
    const header = req.headers.authorization ?? '';
    const claims = header.startsWith('Bearer ') ? signer.verify(header.slice(7)) : undefined;
    const access = (claims?.access ?? []) as AccessEntry[];
    if (claims && claims.aud === service && access.some((a) => a.type === type && a.name === name && (a.actions.includes(action) || a.actions.includes('*')))) return true;
    challenge(res, record, `${type}:${name}:${action}`, claims !== undefined);
    return false;
  };
  /** Reads from the backing registry with a token of our own. */
  const registryGet = async (path: string, scope: string, accept = 'application/json'): Promise<{ status: number; body: string; headers: Headers }> => {
    const token = accessToken('acr-internal', parseScopes([scope]));
    const response = await fetch(`${registry?.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse, record: AcrRequestRecord, path: string): Promise<void> => {
    if (path === '/oauth2/exchange' && req.method === 'POST') {
      const form = new URLSearchParams(await readRequestText(req));
      record.grantType = form.get('grant_type') ?? undefined;
      record.tenant = form.get('tenant') ?? undefined;
      if (record.grantType !== 'access_token') return send(res, record, 400, { error: 'unsupported_grant_type' });
      if (form.get('service') !== service) return send(res, record, 400, { error: 'invalid_request', error_description: 'wrong service' });
      const subject = options.aadTokens?.[form.get('access_token') ?? ''];
      if (subject === undefined) return send(res, record, 401, { error: 'invalid_grant' });
      return send(res, record, 200, { refresh_token: refreshToken(subject, record.tenant) });
    }
    if (path !== '/oauth2/token') return send(res, record, 404, { errors: [{ code: 'NOT_FOUND' }] });
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readRequestText(req));
      record.grantType = form.get('grant_type') ?? undefined;
      record.scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (record.grantType !== 'refresh_token') return send(res, record, 400, { error: 'unsupported_grant_type' });
      const claims = signer.verify(form.get('refresh_token') ?? '');
      if (!claims || claims.grant_type !== 'refresh_token' || claims.aud !== service) return send(res, record, 401, { error: 'invalid_grant' });
      return send(res, record, 200, { access_token: accessToken(String(claims.sub), parseScopes(record.scopes)) });
    }
    if (req.method === 'GET') {
      const query = new URL(req.url ?? '/', url).searchParams;
      record.scopes = query.getAll('scope');
      const header = req.headers.authorization ?? '';
      let access = anonymousAccess(parseScopes(record.scopes));
      let subject = '';
      if (header.startsWith('Basic ')) {
        const [user, ...pass] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
        if (options.users?.[user] !== pass.join(':')) return send(res, record, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'wrong credentials' }] });
        subject = user;
        access = parseScopes(record.scopes).map((a) => ({ ...a, actions: a.actions.filter((x) => !options.withheldActions?.includes(x)) }));
      }
      return send(res, record, 200, { access_token: accessToken(subject, access) });
    }
    return send(res, record, 405, { errors: [{ code: 'UNSUPPORTED' }] });
  };

  const handleAcr = async (req: IncomingMessage, res: ServerResponse, record: AcrRequestRecord, requestUrl: URL): Promise<void> => {
    const storage = join(registry?.rootDir ?? '', 'data');
    const n = Math.min(Math.max(Number(requestUrl.searchParams.get('n') ?? '100') || 100, 1), 1000);
    const last = requestUrl.searchParams.get('last');
    const orderby = requestUrl.searchParams.get('orderby');
    const link = (path: string, lastKey: string): Record<string, string> => ({ link: `<${path}?last=${encodeURIComponent(lastKey)}&n=${n}${orderby ? `&orderby=${orderby}` : ''}>; rel="next"` });
    const path = decodeURIComponent(requestUrl.pathname);
    if (path === '/acr/v1/_catalog') {
      if (req.method !== 'GET') return send(res, record, 405, { errors: [{ code: 'UNSUPPORTED' }] });
      if (!authorize(req, res, record, 'registry', 'catalog', '*')) return;
      const all: string[] = [];
      let next: string | undefined = '/v2/_catalog?n=1000';
      while (next) {
        const page = await registryGet(next, 'registry:catalog:*');
        all.push(...((JSON.parse(page.body) as { repositories?: string[] }).repositories ?? []));
        next = /<([^>]+)>/.exec(page.headers.get('link') ?? '')?.[1];
      }
      const { page, more } = pageAfter(all.sort(), (r) => r, last, n);
      return send(res, record, 200, { repositories: page }, more ? link('/acr/v1/_catalog', page[page.length - 1]) : {});
    }
    const routes: AttributeRoutes = {
      store: attributes,
      storage: () => storage,
      service: () => service,
      send: (response, status, body) => send(response, record, status, body),
      authorize: (name, action) => authorize(req, res, record, 'repository', name, action),
      deleteRepository: (name) => deleteStoredRepository(storage, name),
      manifestEntry: (name, digest, tags) => manifestEntry(name, digest, tags),
    };
    const match = /^\/acr\/v1\/(.+)\/(_tags|_manifests)(?:\/([^/]+))?$/.exec(path);
    if (!match) {
      const repository = /^\/acr\/v1\/(.+)$/.exec(path);
      if (repository && req.method === 'GET') await repositoryDetailsGate.wait();
      return repository ? handleRepository(routes, req, res, repository[1]) : send(res, record, 404, { errors: [{ code: 'NOT_FOUND' }] });
    }
    const [, name, kind, item] = match;
    if (req.method === 'DELETE' && kind === '_tags' && item) {
      if (!authorize(req, res, record, 'repository', name, 'delete')) return;
      if (attributes.refusesDelete(name, `${name}:${item}`)) return send(res, record, 405, DISALLOWED);
      attributes.forget(`${name}:${item}`);
      return (await deleteStoredTag(storage, name, item)) ? send(res, record, 202, {}) : send(res, record, 404, { errors: [{ code: 'TAG_UNKNOWN', message: 'the specified tag does not exist' }] });
    }
    if (item) return handleItem(routes, req, res, name, kind as '_tags' | '_manifests', item);
    if (req.method !== 'GET') return send(res, record, 405, { errors: [{ code: 'UNSUPPORTED' }] });
    if (!authorize(req, res, record, 'repository', name, 'metadata_read')) return;
    if (!(await repositoryExists(storage, name))) return send(res, record, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    const tags = await readStoredTags(storage, name);
    if (kind === '_tags') {
      // Ordered by time, `last` names the tag the previous page ended with.
      if (orderby === 'timedesc') tags.sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime) || a.name.localeCompare(b.name));
      const { page, more } = orderby ? pageAfterItem(tags, (t) => t.name, last, n) : pageAfter(tags, (t) => t.name, last, n);
      const items = page.map((t) => ({ ...t, signed: false, changeableAttributes: attributes.get(`${name}:${t.name}`) }));
      return send(res, record, 200, { registry: service, imageName: name, tags: items }, more ? link(`/acr/v1/${name}/_tags`, page[page.length - 1].name) : {});
    }
    const { page, more } = pageAfter(await readStoredManifests(storage, name), (m) => m.digest, last, n);
    const manifests = [];
    for (const stored of page) {
      const entry = await manifestEntry(name, stored.digest, tags);
      if (entry) manifests.push({ ...entry, changeableAttributes: attributes.get(`${name}@${stored.digest}`) });
    }
    return send(res, record, 200, { registry: service, imageName: name, manifests }, more ? link(`/acr/v1/${name}/_manifests`, page[page.length - 1].digest) : {});
  };

  const manifestEntry = (name: string, digest: string, tags: StoredTag[]): Promise<Record<string, unknown> | undefined> =>
    acrManifestEntry(join(registry?.rootDir ?? '', 'data'), registryGet, name, digest, tags);

  /** /v2/ goes to the real registry unchanged; absolute Locations are rewritten to this server. */
  const proxy = async (req: IncomingMessage, res: ServerResponse, record: AcrRequestRecord): Promise<void> => {
    // Signed-in requests only: without a token ACR challenges first, as the registry behind does.
    if (req.headers.authorization && await lockRefuses(attributes, join(registry?.rootDir ?? '', 'data'), req.method ?? '', new URL(req.url ?? '/', url).pathname)) {
      return send(res, record, 405, DISALLOWED);
    }
    const target = new URL(req.url ?? '/', registry?.url);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      record.status = answer.statusCode;
      const headers = { ...answer.headers };
      if (typeof headers.location === 'string' && registry) headers.location = headers.location.replace(registry.url, url);
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const handler = (server: AcrRequestRecord['server']) => (req: IncomingMessage, res: ServerResponse): void => {
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: AcrRequestRecord = { server, method: req.method ?? '', path: requestUrl.pathname };
    requests.push(record);
    const work = requestUrl.pathname.startsWith('/v2/') || requestUrl.pathname === '/v2'
      ? proxy(req, res, record)
      : requestUrl.pathname.startsWith('/oauth2/')
        ? handleToken(req, res, record, requestUrl.pathname)
        : requestUrl.pathname.startsWith('/acr/v1/')
          ? handleAcr(req, res, record, requestUrl)
          : Promise.resolve(send(res, record, 404, { errors: [{ code: 'NOT_FOUND' }] }));
    work.catch((error: unknown) => {
      if (!res.headersSent) send(res, record, 500, { errors: [{ code: 'INTERNAL', message: String(error) }] });
      else res.destroy();
    });
  };
  let caCertPath: string | undefined;
  let loginServer: Server = createServer(handler('login'));
  if (options.tls) {
    const certificates = await generateTlsCertificates(dir);
    caCertPath = certificates.caCertPath;
    loginServer = createHttpsServer({ key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) }, handler('login'));
  }
  const login = await listenOnLoopback(loginServer, { scheme: options.tls ? 'https' : 'http' });
  const listeners = [login];
  service = login.host;
  url = login.url;
  realmUrl = url;
  const closeServer = async (): Promise<void> => {
    await Promise.all(listeners.map((listener) => listener.close()));
  };
  if (options.realmListenHost) {
    try {
      const realm = await listenOnLoopback(createServer(handler('realm')), { address: options.realmListenHost });
      listeners.push(realm);
      realmUrl = realm.url;
    } catch (error) {
      await closeServer();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    registry = await startRegistry({ auth: { kind: 'token', realm: `${realmUrl}/oauth2/token`, service, issuer, rootCertBundle: signer.certPath } });
  } catch (error) {
    await closeServer();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const backing = registry;
  let closed = false;
  return {
    host: service,
    url,
    service,
    caCertPath,
    registry: backing,
    requests,
    attributes,
    repositoryDetailsGate,
    async close() {
      if (closed) return;
      closed = true;
      repositoryDetailsGate.release();
      await closeServer();
      await backing.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
