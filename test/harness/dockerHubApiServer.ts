// A Docker Hub look-alike for tests, written from the Docker Hub API reference: POST /v2/auth/token
// (`{identifier, secret}` → `{access_token}`, 401 otherwise), GET /v2/namespaces/{namespace}/repositories
// and /v2/namespaces/{namespace}/repositories/{repository}/tags with `page`/`page_size` (default 10,
// at most 100) and absolute `next`/`previous` links, 401 for a bearer token it does not know, 404
// for unknown namespaces and repositories, 429 with X-Retry-After and X-RateLimit-* when told to.
// Private repositories are listed only to their namespace's user. /v2 is a real docker-registry
// behind the project's token server, which gives anonymous users pull on public repositories only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { listenOnLoopback } from './loopback';
import { startRegistry, type RunningRegistry } from './registryServer';
import { startTokenServer, type AccessEntry, type RunningTokenServer } from './tokenServer';
import { namespaceRepositories, repositoryTags } from './dockerHubData';
import { readRequestText } from './requestBody';

export interface DockerHubServerOptions {
  /** username → personal access token. */
  users: Record<string, string>;
  /** `namespace/name` of repositories only their namespace's user may see and pull. */
  privateRepositories?: string[];
  /** Namespaces that exist without repositories. */
  emptyNamespaces?: string[];
  /** Pull counts the listing reports, by `namespace/name`. */
  pullCounts?: Record<string, number>;
}

export interface HubRequestRecord { method: string; path: string; query: string; bearer: boolean; status: number }

export interface RunningDockerHub {
  /** The Hub API's origin, `http://127.0.0.1:<port>`. */
  hubUrl: string;
  registry: RunningRegistry;
  tokenServer: RunningTokenServer;
  requests: HubRequestRecord[];
  /** Every access token given so far stops working, as they do after 10 minutes. */
  expireTokens(): void;
  /** The next `count` API requests get 429 with the Hub's rate-limit headers. */
  rateLimitNext(count: number): void;
  close(): Promise<void>;
}

const MAX_PAGE_SIZE = 100;

export async function startDockerHubServer(options: DockerHubServerOptions): Promise<RunningDockerHub> {
  const isPrivate = (repository: string): boolean => options.privateRepositories?.includes(repository) ?? false;
  const mayPull = (subject: string, repository: string): boolean => !isPrivate(repository) || repository.startsWith(`${subject}/`);
  const grant = (subject: string, requested: AccessEntry[]): AccessEntry[] => requested
    .filter((a) => a.type === 'repository' && mayPull(subject, a.name))
    .map((a) => ({ ...a, actions: subject && a.name.startsWith(`${subject}/`) ? a.actions : a.actions.filter((x) => x === 'pull') }))
    .filter((a) => a.actions.length > 0);
  const tokenServer = await startTokenServer({ users: options.users, grant });
  let registry: RunningRegistry;
  try {
    registry = await startRegistry({ auth: { kind: 'token', realm: tokenServer.realm, service: tokenServer.service, issuer: tokenServer.issuer, rootCertBundle: tokenServer.certPath } });
  } catch (error) {
    await tokenServer.close();
    throw error;
  }
  const storage = join(registry.rootDir, 'data');
  const tokens = new Map<string, string>();
  const requests: HubRequestRecord[] = [];
  let limited = 0;
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const header = req.headers.authorization ?? '';
    const record: HubRequestRecord = { method: req.method ?? '', path: url.pathname, query: url.search, bearer: header.startsWith('Bearer '), status: 0 };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '180', 'x-ratelimit-remaining': '179', ...headers });
      res.end(JSON.stringify(body));
    };
    if (limited > 0) {
      limited--;
      req.resume();
      const reset = String(Math.floor(Date.now() / 1000) + 600);
      return send(429, { detail: 'Rate limit exceeded', error: false }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset, 'x-retry-after': reset });
    }
    if (url.pathname === '/v2/auth/token' && req.method === 'POST') {
      let body: { identifier?: unknown; secret?: unknown } = {};
      try {
        body = JSON.parse(await readRequestText(req)) as typeof body;
      } catch {
        return send(400, { message: 'invalid JSON', errinfo: {} });
      }
      const user = typeof body.identifier === 'string' ? body.identifier : '';
      if (!user || options.users[user] === undefined || options.users[user] !== body.secret) return send(401, { message: 'unauthorized', errinfo: {} });
      const token = randomBytes(24).toString('hex');
      tokens.set(token, user);
      return send(200, { access_token: token });
    }
    let subject = '';
    if (record.bearer) {
      const known = tokens.get(header.slice(7));
      if (known === undefined) return send(401, { message: 'unauthorized', errinfo: {} });
      subject = known;
    }
    if (req.method !== 'GET') return send(405, { message: 'method not allowed', errinfo: {} });
    const page = Number(url.searchParams.get('page') ?? '1');
    const pageSize = Number(url.searchParams.get('page_size') ?? '10');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      return send(400, { message: `page must be 1 or more and page_size 1 to ${MAX_PAGE_SIZE}`, errinfo: {} });
    }
    const paged = (items: unknown[]): void => {
      const start = (page - 1) * pageSize;
      if (start > 0 && start >= items.length) return send(404, { detail: 'Invalid page.' });
      const link = (n: number): string => `${origin}${url.pathname}?page=${n}&page_size=${pageSize}`;
      send(200, {
        count: items.length,
        next: start + pageSize < items.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: items.slice(start, start + pageSize),
      });
    };
    const repositoriesPath = /^\/v2\/namespaces\/([a-z0-9._-]+)\/repositories$/.exec(url.pathname);
    if (repositoriesPath) {
      const namespace = repositoriesPath[1];
      const names = await namespaceRepositories(storage, namespace) ?? (options.emptyNamespaces?.includes(namespace) ? [] : undefined);
      if (!names) return send(404, { message: 'not found', errinfo: {} });
      const visible = names.filter((name) => mayPull(subject, `${namespace}/${name}`));
      const entries = await Promise.all(visible.map(async (name) => {
        const full = `${namespace}/${name}`;
        const tags = await repositoryTags(storage, full);
        return {
          name, namespace, repository_type: 'image', status: 1, status_description: 'active', description: `${full} for tests`,
          is_private: isPrivate(full), star_count: 0, pull_count: options.pullCounts?.[full] ?? 0,
          last_updated: tags[0]?.last_updated ?? null, date_registered: tags.at(-1)?.last_updated ?? null,
          affiliation: '', media_types: [], content_types: ['image'], categories: [],
          storage_size: tags.reduce((sum, tag) => sum + tag.full_size, 0),
        };
      }));
      return paged(entries);
    }
    const tagsPath = /^\/v2\/namespaces\/([a-z0-9._-]+)\/repositories\/([a-z0-9._-]+)\/tags$/.exec(url.pathname);
    if (tagsPath) {
      const full = `${tagsPath[1]}/${tagsPath[2]}`;
      const names = await namespaceRepositories(storage, tagsPath[1]);
      if (!names?.includes(tagsPath[2]) || !mayPull(subject, full)) return send(404, { message: 'object not found', errinfo: {} });
      return paged(await repositoryTags(storage, full));
    }
    return send(404, { message: 'not found', errinfo: {} });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      } else res.destroy();
    });
  });
  const listener = await listenOnLoopback(server);
  origin = listener.url;
  let closed = false;
  return {
    hubUrl: origin,
    registry,
    tokenServer,
    requests,
    expireTokens: () => tokens.clear(),
    rateLimitNext: (count) => { limited = count; },
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await Promise.all([registry.close(), tokenServer.close()]);
    },
  };
}
