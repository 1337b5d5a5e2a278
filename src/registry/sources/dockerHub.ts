// Docker Hub as a source: repositories and tags come from the Docker Hub API (which lists a
// namespace's repositories, with sizes, times and pull counts; the registry itself has no catalog
// for Hub users), everything else (manifests, blobs, pushes, deletes) from the registry's /v2 API
// with the Hub's token service, exactly as for any registry.
import type { CallOptions, LogSink, Page, PageCursor, RegistryEndpoint, RepositoryInfo, TagInfo } from '../types';
import { RegistryClient, type RegistryClientOptions } from '../client';
import { NotFoundError, RegistryError } from '../errors';
import { parseJsonBytes } from '../json';
import { parseRegistryLocation, validateRepositoryName } from '../reference';
import { expectStatus, readBodyBytes } from '../transport/body';
import { RegistryTransport } from '../transport/transport';
import { createHubAuthPolicy, HubSignIn, type HubCredentials } from './dockerHubAuth';
import { hubPageSize, isValidNamespace, parseRepositoryPage, parseTagPage, splitHubRepository, type HubPage } from './dockerHubPages';

export const DOCKER_HUB_API_URL = 'https://hub.docker.com';
export const DOCKER_HUB_REGISTRY_URL = 'https://registry-1.docker.io';

export interface DockerHubOptions extends RegistryClientOptions {
  /** The Hub API's origin: `https://hub.docker.com`, or a stand-in (a mirror, a test server). */
  hubApiUrl?: string;
  /** Namespaces to list besides the signed-in user's own: organisations, `library`, any public one. */
  namespaces?: readonly string[];
  /** Username and personal access token; without them only public repositories are listed and pulled. */
  credentials?: HubCredentials;
}

type ListOptions = CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string };

const MAX_HUB_PAGE_BYTES = 16 * 1024 * 1024;
const REPOSITORIES_PATH = /^\/v2\/namespaces\/([^/]+)\/repositories$/;

/** The namespaces a Hub entry lists: the user's own first, then the added ones, each once; `library` when there are none. */
export function hubNamespaces(credentials: HubCredentials | undefined, added: readonly string[] = []): string[] {
  const all = [...(credentials ? [credentials.username.toLowerCase()] : []), ...added].filter(isValidNamespace);
  const unique = [...new Set(all)];
  return unique.length ? unique : ['library'];
}

export class DockerHubClient extends RegistryClient {
  readonly hub: RegistryTransport;
  readonly namespaces: readonly string[];
  private readonly signIn: HubSignIn;
  private readonly logSink?: LogSink;

  /** `registry` is the /v2 endpoint; its auth should be the same username and token as Basic credentials. */
  constructor(registry: RegistryEndpoint, options: DockerHubOptions = {}) {
    super(registry, options);
    this.logSink = options.log;
    const location = parseRegistryLocation(options.hubApiUrl ?? DOCKER_HUB_API_URL);
    this.signIn = new HubSignIn(options.credentials, () => this.hub);
    this.hub = new RegistryTransport(
      { ...registry, host: location.host, scheme: location.insecure ? 'http' : 'https', trustedRealmHosts: undefined, auth: { kind: 'anonymous' } },
      { log: options.log, userAgent: options.userAgent, retry: options.retry, timeouts: options.timeouts, authPolicy: createHubAuthPolicy(this.signIn) },
    );
    this.namespaces = hubNamespaces(options.credentials, options.namespaces);
  }

  /** Signs in to the Hub API now (Add Docker Hub checks the token before saving it). */
  async verifySignIn(signal?: AbortSignal): Promise<void> {
    await this.signIn.bearer(signal);
  }

  /** Whether the Hub knows this namespace (one small listing request). */
  async namespaceExists(namespace: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.hubPage(this.repositoriesUrl(namespace, 1), signal);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** The namespaces' repositories one after the other; a namespace the Hub does not know lists nothing. */
  override async listRepositories(options: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    let url = options.cursor ? this.checkedHubUrl(options.cursor.url) : this.repositoriesUrl(this.namespaces[0], options.pageSize);
    let dropped = 0;
    // Namespaces with nothing to show are passed over here: an empty page would end the listing.
    for (;;) {
      const namespace = this.namespaceOf(url);
      const page = await this.repositoryPage(url, namespace, options.signal);
      dropped += page.dropped;
      const following = page.next ? this.checkedNext(page.next, url) : this.firstPageAfter(namespace, options.pageSize);
      if (page.items.length || page.dropped || !following) {
        return { items: page.items, next: following ? { url: following } : undefined, ...(dropped ? { dropped } : {}) };
      }
      url = following;
    }
  }

  /** Tags of `namespace/name` from the Hub API; other names, and repositories the Hub does not know, from /v2. */
  override async listTags(repository: string, options: ListOptions = {}): Promise<Page<TagInfo>> {
    validateRepositoryName(repository);
    const parts = splitHubRepository(repository);
    if (!parts) return super.listTags(repository, options);
    const path = `/v2/namespaces/${parts.namespace}/repositories/${parts.name}/tags`;
    const url = options.cursor ? this.checkedHubUrl(options.cursor.url, path) : `${this.hub.resolve(path)}?page_size=${hubPageSize(options.pageSize)}`;
    let page: HubPage<TagInfo>;
    try {
      page = parseTagPage(await this.hubPage(url, options.signal));
    } catch (error) {
      if (!(error instanceof NotFoundError) || options.cursor) throw error;
      this.log('debug', `the Hub API does not know ${repository}: listing its tags through /v2`);
      return super.listTags(repository, options);
    }
    const next = page.next ? this.checkedNext(page.next, url, path) : undefined;
    return { items: page.items, next: next ? { url: next } : undefined, ...(page.dropped ? { dropped: page.dropped } : {}) };
  }

  private async repositoryPage(url: string, namespace: string, signal?: AbortSignal): Promise<HubPage<RepositoryInfo>> {
    try {
      return parseRepositoryPage(await this.hubPage(url, signal), namespace);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.log('warn', `Docker Hub has no namespace "${namespace}"`);
      return { items: [], dropped: 0 };
    }
  }

  private async hubPage(url: string, signal?: AbortSignal): Promise<unknown> {
    const response = await this.hub.send({ method: 'GET', url, signal, headers: { accept: 'application/json' }, streamStatuses: [200] });
    await expectStatus(response, [200]);
    const what = `the Docker Hub listing ${new URL(url).pathname}`;
    return parseJsonBytes(await readBodyBytes(response, MAX_HUB_PAGE_BYTES, what), what);
  }

  private repositoriesUrl(namespace: string, pageSize: number | undefined): string {
    return `${this.hub.resolve(`/v2/namespaces/${namespace}/repositories`)}?page_size=${hubPageSize(pageSize)}`;
  }

  private firstPageAfter(namespace: string, pageSize: number | undefined): string | undefined {
    const following = this.namespaces[this.namespaces.indexOf(namespace) + 1];
    return following ? this.repositoriesUrl(following, pageSize) : undefined;
  }

  private namespaceOf(url: string): string {
    const namespace = REPOSITORIES_PATH.exec(new URL(url).pathname)?.[1];
    if (!namespace || !this.namespaces.includes(namespace)) throw new RegistryError('refusing a page cursor that is not a listing of this entry\'s namespaces');
    return namespace;
  }

  /** A Hub URL that stays on the Hub API's origin (and, for tags, on `path`); anything else is refused. */
  private checkedHubUrl(url: string, path?: string): string {
    const resolved = new URL(this.hub.resolve(url));
    if (resolved.origin !== this.hub.origin || (path !== undefined && resolved.pathname !== path)) {
      throw new RegistryError(`refusing a Docker Hub page link to another place (${resolved.origin}${resolved.pathname})`);
    }
    return resolved.toString();
  }

  /** The Hub's `next`, checked; a link back to the same page ends the listing instead of looping. */
  private checkedNext(next: string, current: string, path?: string): string | undefined {
    const checked = this.checkedHubUrl(next, path ?? new URL(current).pathname);
    return checked === current ? undefined : checked;
  }

  private log(level: 'debug' | 'warn', message: string): void {
    this.logSink?.(level, 'dockerHub', message);
  }
}
