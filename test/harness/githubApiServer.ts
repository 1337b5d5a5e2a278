// A test stand-in for GitHub Container Registry: GitHub's REST packages API (written from GitHub's
// published REST reference, API version 2022-11-28) in front of a real docker-registry that serves
// /v2 with the project's token server, as ghcr.io does. Tokens carry OAuth scopes: the API checks
// them (403 with X-Accepted-OAuth-Scopes) and the token server grants pull, push and delete by them.
// Endpoints: GET /user, GET /user/orgs, GET /user/packages and /orgs/{org}/packages
// (?package_type=container), GET …/packages/container/{name}, GET …/{name}/versions and
// DELETE …/{name}/versions/{id}, under /user, /orgs/{org} and /users/{user}; per_page/page with Link.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { listenOnLoopback } from './loopback';
import { PackageStore, type StoredPackage, type StoredVersion } from './githubPackageStore';
import { startRegistry, type RunningRegistry } from './registryServer';
import { startTokenServer, type AccessEntry, type RunningTokenServer } from './tokenServer';

export interface GitHubApiServerOptions {
  /** The signed-in user's login. */
  login: string;
  /** Organisations the user belongs to. */
  orgs?: string[];
  /** Repositories (`owner/name`) shown as public; the rest are private. */
  publicRepositories?: string[];
  /** The largest `per_page` honoured (GitHub: 100); smaller makes paging testable with few packages. */
  maxPerPage?: number;
  /** Path the API lives under: `/api/v3` as on GitHub Enterprise Server (default none, as api.github.com). */
  pathPrefix?: string;
}

export interface GitHubApiRequest {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  apiVersion?: string;
  userAgent?: string;
}

export interface RunningGitHub {
  /** The REST API's base URL, as the `githubApiUrl` of a registry entry. */
  apiUrl: string;
  /** The registry (`http://127.0.0.1:<port>`) standing for ghcr.io. */
  registryUrl: string;
  registry: RunningRegistry;
  tokenServer: RunningTokenServer;
  requests: GitHubApiRequest[];
  /** A new token of `login` with these OAuth scopes. */
  issueToken(scopes: string[]): string;
  setScopes(token: string, scopes: string[]): void;
  /** The token stops working (401 Bad credentials; the token service refuses it). */
  revokeToken(token: string): void;
  close(): Promise<void>;
}

const READ = ['read:packages', 'write:packages', 'delete:packages'];
const API_VERSIONS = new Set(['2022-11-28']);

export async function startGitHubApiServer(options: GitHubApiServerOptions): Promise<RunningGitHub> {
  const login = options.login;
  const orgs = options.orgs ?? [];
  const tokens = new Map<string, { scopes: string[] }>();
  const owned = (repository: string): boolean => [login, ...orgs].some((o) => repository.startsWith(`${o.toLowerCase()}/`));
  const tokenServer = await startTokenServer({
    service: 'ghcr-test',
    authenticate: (username, password) => username.toLowerCase() === login.toLowerCase() && tokens.has(password),
    grant: (_subject, requested, secret) => grantFor(tokens.get(secret ?? '')?.scopes ?? [], requested, owned),
  });
  let registry: RunningRegistry;
  try {
    registry = await startRegistry({
      deleteEnabled: false,
      auth: { kind: 'token', realm: tokenServer.realm, service: tokenServer.service, issuer: tokenServer.issuer, rootCertBundle: tokenServer.certPath },
    });
  } catch (error) {
    await tokenServer.close();
    throw error;
  }
  const store = new PackageStore(registry.rootDir);
  const requests: GitHubApiRequest[] = [];
  const server = createServer((req, res) => {
    const record: GitHubApiRequest = {
      method: req.method ?? '', path: req.url ?? '/', status: 0,
      apiVersion: header(req, 'x-github-api-version'), userAgent: header(req, 'user-agent'),
    };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const prefix = options.pathPrefix ?? '';
    if (!(req.url ?? '/').startsWith(`${prefix}/`)) return send(404, { message: 'Not Found' });
    handle(req, send, {
      login, orgs, tokens, store, prefix, baseUrl: `http://${req.headers.host}`,
      publicRepositories: options.publicRepositories ?? [], maxPerPage: options.maxPerPage ?? 100,
    })
      .catch((error: unknown) => send(500, { message: String(error) }));
  });
  const listener = await listenOnLoopback(server);
  const apiUrl = `${listener.url}${options.pathPrefix ?? ''}`;
  return {
    apiUrl, registryUrl: registry.url, registry, tokenServer, requests,
    issueToken(scopes) {
      const token = `gho_${randomBytes(18).toString('base64url')}`;
      tokens.set(token, { scopes: [...scopes] });
      return token;
    },
    setScopes(token, scopes) {
      tokens.set(token, { scopes: [...scopes] });
    },
    revokeToken(token) {
      tokens.delete(token);
    },
    async close() {
      await listener.close();
      await Promise.all([registry.close(), tokenServer.close()]);
    },
  };
}

/** ghcr.io's rights by scope: reading with any packages scope, pushing with write, deleting with delete. */
function grantFor(scopes: string[], requested: AccessEntry[], owned: (repository: string) => boolean): AccessEntry[] {
  const allowed = new Set<string>();
  if (scopes.some((s) => READ.includes(s))) allowed.add('pull');
  if (scopes.includes('write:packages')) allowed.add('push');
  if (scopes.includes('delete:packages')) allowed.add('delete');
  return requested
    .filter((entry) => entry.type === 'repository' && owned(entry.name))
    .map((entry) => ({ ...entry, actions: entry.actions.filter((a) => allowed.has(a)) }));
}

interface Context {
  login: string;
  orgs: string[];
  tokens: Map<string, { scopes: string[] }>;
  store: PackageStore;
  baseUrl: string;
  prefix: string;
  publicRepositories: string[];
  maxPerPage: number;
}

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function handle(req: IncomingMessage, send: Send, context: Context): Promise<void> {
  const url = new URL(req.url ?? '/', context.baseUrl);
  const pathname = url.pathname.slice(context.prefix.length);
  if (!header(req, 'user-agent')) return send(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' });
  const version = header(req, 'x-github-api-version');
  if (version !== undefined && !API_VERSIONS.has(version)) return send(400, { message: `Invalid API version: ${version}` });
  const auth = /^(?:bearer|token) (.+)$/i.exec(header(req, 'authorization') ?? '');
  const token = auth ? context.tokens.get(auth[1]) : undefined;
  if (!token) return send(401, { message: auth ? 'Bad credentials' : 'Requires authentication' });
  const scopes = token.scopes;
  const scopeHeaders = (accepted: string[]): Record<string, string> => ({ 'x-oauth-scopes': scopes.join(', '), 'x-accepted-oauth-scopes': accepted.join(', ') });
  const needs = (accepted: string[], message: string): boolean => {
    if (accepted.some((s) => scopes.includes(s))) return true;
    send(403, { message }, scopeHeaders(accepted));
    return false;
  };
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);

  if (req.method === 'GET' && pathname === '/user') return send(200, userJson(context.login), scopeHeaders([]));
  if (req.method === 'GET' && pathname === '/user/orgs') {
    if (!needs(['read:org', 'user'], 'You need at least read:org scope or user scope to list your organizations.')) return;
    return sendPage(send, url, context.maxPerPage, context.orgs.map((org, i) => ({ login: org, id: 500 + i, url: `${context.baseUrl}/orgs/${org}` })), scopeHeaders(['read:org', 'user']));
  }
  // /user/packages…, /orgs/{org}/packages…, /users/{user}/packages…
  const ownerKind = parts[0];
  const owner = ownerKind === 'user' ? context.login : parts[1];
  const rest = ownerKind === 'user' ? parts.slice(1) : parts.slice(2);
  if (!['user', 'orgs', 'users'].includes(ownerKind) || !owner || rest[0] !== 'packages') return send(404, { message: 'Not Found' });
  if (ownerKind === 'orgs' && !context.orgs.some((o) => o.toLowerCase() === owner.toLowerCase())) return send(404, { message: 'Not Found' });
  if (ownerKind === 'users' && context.orgs.some((o) => o.toLowerCase() === owner.toLowerCase())) return send(404, { message: 'Not Found' });
  if (!needs(READ, 'You need at least read:packages scope to list packages.')) return;
  const headers = scopeHeaders(READ);
  const visible = (p: StoredPackage): boolean => ownerKind !== 'users' || owner.toLowerCase() === context.login.toLowerCase() || context.publicRepositories.includes(p.repository);
  const toJson = (p: StoredPackage) => packageJson(p, ownerKind === 'orgs' ? 'Organization' : 'User', owner, context);

  if (rest.length === 1 && req.method === 'GET') {
    const type = url.searchParams.get('package_type');
    if (!type) return send(422, { message: 'Validation Failed', errors: [{ field: 'package_type', code: 'missing_field' }] });
    const packages = type === 'container' ? (await context.store.packages()).filter((p) => p.owner === owner.toLowerCase() && visible(p)) : [];
    return sendPage(send, url, context.maxPerPage, packages.map(toJson), headers);
  }
  if (rest[1] !== 'container' || !rest[2]) return send(404, { message: 'Not Found' });
  const found = await context.store.find(owner, rest[2]);
  if (!found || !visible(found)) return send(404, { message: 'Package not found.' });
  if (rest.length === 3 && req.method === 'GET') return send(200, toJson(found), headers);
  if (rest[3] !== 'versions') return send(404, { message: 'Not Found' });
  if (rest.length === 4 && req.method === 'GET') return sendPage(send, url, context.maxPerPage, found.versions.map((v) => versionJson(v, found, context)), headers);
  if (rest.length === 5 && req.method === 'DELETE') {
    if (ownerKind === 'users') return send(404, { message: 'Not Found' });
    const deleteScopes = ['delete:packages'];
    if (!scopes.includes('delete:packages')) return send(403, { message: 'You need delete:packages scope to delete package versions.' }, scopeHeaders(deleteScopes));
    const deleted = await context.store.deleteVersion(found.repository, Number(rest[4]));
    return deleted ? send(204, undefined, scopeHeaders(deleteScopes)) : send(404, { message: 'Package version not found.' });
  }
  return send(404, { message: 'Not Found' });
}

/** `per_page` (default 30, at most 100) and `page` (from 1), with `Link` to the next and last pages. */
function sendPage(send: Send, url: URL, maxPerPage: number, items: unknown[], headers: Record<string, string>): void {
  const perPage = Math.min(maxPerPage, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number): string => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    target.searchParams.set('per_page', String(perPage));
    return target.toString();
  };
  const links: string[] = [];
  if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`);
  send(200, items.slice((page - 1) * perPage, page * perPage), links.length ? { ...headers, link: links.join(', ') } : headers);
}

function userJson(login: string): object {
  return { login, id: 4242, type: 'User', html_url: `https://github.com/${login}` };
}

function packageJson(p: StoredPackage, ownerType: 'User' | 'Organization', owner: string, context: Context): object {
  const ownerLogin = ownerType === 'User' && owner.toLowerCase() === context.login.toLowerCase() ? context.login : owner;
  const web = ownerType === 'Organization' ? `https://github.com/orgs/${ownerLogin}` : `https://github.com/users/${ownerLogin}`;
  return {
    id: 9000 + p.versions.length, name: p.name, package_type: 'container',
    owner: { login: ownerLogin, id: 4242, type: ownerType },
    version_count: p.versions.length,
    visibility: context.publicRepositories.includes(p.repository) ? 'public' : 'private',
    url: `${context.baseUrl}/${ownerType === 'Organization' ? `orgs/${ownerLogin}` : 'user'}/packages/container/${encodeURIComponent(p.name)}`,
    created_at: p.createdAt, updated_at: p.updatedAt,
    html_url: `${web}/packages/container/package/${encodeURIComponent(p.name)}`,
  };
}

function versionJson(v: StoredVersion, p: StoredPackage, context: Context): object {
  return {
    id: v.id, name: v.digest, url: `${context.baseUrl}/versions/${v.id}`,
    package_html_url: `https://github.com/${p.owner}/packages/container/package/${encodeURIComponent(p.name)}`,
    created_at: v.createdAt, updated_at: v.updatedAt,
    html_url: `https://github.com/${p.owner}/packages/container/${encodeURIComponent(p.name)}/${v.id}`,
    metadata: { package_type: 'container', container: { tags: v.tags } },
  };
}
