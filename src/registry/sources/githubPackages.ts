// Container packages of the signed-in GitHub user and their organisations, and the versions (one per
// manifest digest, with its tags) of a package, through GitHub's REST packages API.
import type { CallOptions, Page, PageCursor, RepositoryInfo, TagInfo } from '../types';
import { NotFoundError, RegistryError } from '../errors';
import { isValidRepositoryName, isValidTag } from '../reference';
import { isValidDigest } from '../digest';
import type { GitHubApi } from './githubApi';

/** GitHub's largest page. */
const PER_PAGE = 100;
/** Stops a listing whose pages never end (100 pages of 100 packages each per owner is far beyond real use). */
const MAX_PAGES = 100;
/** Version pages read in one call while they hold only untagged versions (platform manifests of an index). */
const MAX_UNTAGGED_PAGES = 20;

export interface PackageEntry {
  /** `owner/name` as the registry API names it (lower case). */
  repository: string;
  /** `/user`, `/orgs/{org}` or `/users/{user}`: where the package's REST endpoints live. */
  ownerPath: string;
  packageName: string;
  owner?: string;
  visibility?: string;
  updatedAt?: string;
  htmlUrl?: string;
}

interface Version {
  id: number;
  digest: string;
  tags: string[];
  createdAt?: string;
  updatedAt?: string;
}

type ListOptions = CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {});
const list = (value: unknown, what: string): unknown[] => {
  if (!Array.isArray(value)) throw new RegistryError(`${what}: GitHub answered with something other than a list`);
  return value;
};

export class GitHubPackages {
  private readonly known = new Map<string, PackageEntry>();
  private snapshot?: Promise<{ entries: PackageEntry[]; dropped: number }>;
  private login?: Promise<string>;

  constructor(private readonly api: GitHubApi, private readonly log?: (message: string) => void) {}

  /**
   * Every package of the user and of each organisation, fetched when a listing starts and served
   * sorted by name, so paging, `last` and prefix filters behave as on a registry's catalog.
   */
  async listRepositories(options: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    if (!options.cursor || !this.snapshot) this.snapshot = this.fetchAll(options.signal);
    const current = this.snapshot;
    const { entries, dropped } = await current.catch((error: unknown) => {
      if (this.snapshot === current) this.snapshot = undefined;
      throw error;
    });
    const after = options.cursor ? new URL(options.cursor.url).searchParams.get('after') ?? '' : options.last ?? '';
    const size = Math.max(1, Math.min(1000, options.pageSize ?? PER_PAGE));
    const rest = entries.filter((e) => e.repository > after);
    const items = rest.slice(0, size).map((e): RepositoryInfo => ({
      // GitHub's `internal` (visible inside an enterprise) is not public either.
      name: e.repository, owner: e.owner, isPrivate: e.visibility === undefined ? undefined : e.visibility !== 'public', lastUpdatedOn: e.updatedAt, webUrl: e.htmlUrl,
    }));
    const next = rest.length > size ? { url: `github-packages:?after=${encodeURIComponent(items[items.length - 1].name)}` } : undefined;
    return dropped > 0 && !options.cursor ? { items, next, dropped } : { items, next };
  }

  /** Tags from the package's versions, newest first; a page of untagged versions only is read past. */
  async listTags(repository: string, options: ListOptions = {}): Promise<Page<TagInfo>> {
    let url = options.cursor?.url ?? this.api.url(`${await this.versionsPath(repository, options.signal)}?per_page=${perPage(options.pageSize)}`);
    let dropped = 0;
    for (let pages = 1; ; pages++) {
      const page = await this.versionsPage(url, repository, options.signal);
      const items: TagInfo[] = [];
      for (const version of page.versions) {
        for (const tag of version.tags) {
          if (isValidTag(tag)) items.push({ name: tag, digest: version.digest, createdOn: version.createdAt, lastUpdatedOn: version.updatedAt });
          else dropped++;
        }
      }
      if (items.length > 0 || dropped > 0 || !page.next || pages >= MAX_UNTAGGED_PAGES) {
        const next = page.next ? { url: page.next } : undefined;
        return dropped > 0 ? { items, next, dropped } : { items, next };
      }
      url = page.next;
    }
  }

  /** Deletes the version whose name is `digest` (with every tag on it). */
  async deleteVersion(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const path = await this.versionsPath(repository, signal);
    let url: string | undefined = this.api.url(`${path}?per_page=${PER_PAGE}`);
    for (let pages = 0; url && pages < MAX_PAGES; pages++) {
      const page = await this.versionsPage(url, repository, signal);
      const version = page.versions.find((v) => v.digest === digest);
      if (version) {
        this.log?.(`deleting version ${version.id} (${digest}) of ${repository} through the GitHub API`);
        return this.api.delete(this.api.url(`${path}/${version.id}`), `the version ${digest} of ${repository}`, signal);
      }
      url = page.next;
    }
    throw new NotFoundError(`GitHub lists no version ${digest} of ${repository}; nothing was deleted`);
  }

  /** The package's page on GitHub, when a listing named it. */
  webUrlOf(repository: string): string | undefined {
    return this.known.get(repository)?.htmlUrl;
  }

  private async versionsPage(url: string, repository: string, signal?: AbortSignal): Promise<{ versions: Version[]; next?: string }> {
    const what = `the versions of ${repository}`;
    const page = await this.api.getPage(url, what, signal);
    const versions: Version[] = [];
    for (const raw of list(page.body, what)) {
      const entry = record(raw);
      const digest = text(entry.name);
      if (typeof entry.id !== 'number' || !digest || !isValidDigest(digest)) continue;
      const tags = record(record(entry.metadata).container).tags;
      versions.push({
        id: entry.id, digest, tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
        createdAt: text(entry.created_at), updatedAt: text(entry.updated_at),
      });
    }
    return { versions, next: page.next };
  }

  /** `/user/packages/container/{name}/versions` and the like, from the listing or worked out from the owner's name. */
  private async versionsPath(repository: string, signal?: AbortSignal): Promise<string> {
    const entry = this.known.get(repository) ?? await this.locate(repository, signal);
    return `${entry.ownerPath}/packages/container/${encodeURIComponent(entry.packageName)}/versions`;
  }

  private async locate(repository: string, signal?: AbortSignal): Promise<PackageEntry> {
    const slash = repository.indexOf('/');
    if (slash <= 0) throw new NotFoundError(`${repository} is not a GitHub package name (owner/package)`);
    const owner = repository.slice(0, slash);
    const packageName = repository.slice(slash + 1);
    let ownerPath = `/orgs/${encodeURIComponent(owner)}`;
    if ((await this.currentLogin(signal)).toLowerCase() === owner) ownerPath = '/user';
    else {
      try {
        await this.api.getPage(this.api.url(`${ownerPath}/packages/container/${encodeURIComponent(packageName)}`), `the package ${repository}`, signal);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        ownerPath = `/users/${encodeURIComponent(owner)}`;
      }
    }
    const entry = { repository, ownerPath, packageName };
    this.known.set(repository, entry);
    return entry;
  }

  private currentLogin(signal?: AbortSignal): Promise<string> {
    this.login ??= this.api.getPage(this.api.url('/user'), 'the signed-in user', signal).then((page) => {
      const login = text(record(page.body).login);
      if (!login) throw new RegistryError('GitHub did not name the signed-in user');
      return login;
    });
    return this.login.catch((error: unknown) => {
      this.login = undefined;
      throw error;
    });
  }

  private async fetchAll(signal?: AbortSignal): Promise<{ entries: PackageEntry[]; dropped: number }> {
    const orgs = (await this.allPages(this.api.url(`/user/orgs?per_page=${PER_PAGE}`), 'your GitHub organisations', signal))
      .map((org) => text(record(org).login)).filter((login): login is string => !!login);
    const owners = ['/user', ...orgs.map((org) => `/orgs/${encodeURIComponent(org)}`)];
    const entries: PackageEntry[] = [];
    let dropped = 0;
    for (const ownerPath of owners) {
      const what = ownerPath === '/user' ? 'your container packages' : `the container packages of ${decodeURIComponent(ownerPath.slice(6))}`;
      for (const raw of await this.allPages(this.api.url(`${ownerPath}/packages?package_type=container&per_page=${PER_PAGE}`), what, signal)) {
        const entry = packageEntry(record(raw), ownerPath);
        if (!entry) dropped++;
        else if (!entries.some((e) => e.repository === entry.repository)) entries.push(entry);
      }
    }
    if (dropped > 0) this.log?.(`skipped ${dropped} packages whose names are no valid repository names`);
    entries.sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0));
    this.known.clear();
    for (const entry of entries) this.known.set(entry.repository, entry);
    return { entries, dropped };
  }

  private async allPages(first: string, what: string, signal?: AbortSignal): Promise<unknown[]> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let url: string | undefined = first;
    for (let pages = 0; url; pages++) {
      if (pages >= MAX_PAGES || seen.has(url)) throw new RegistryError(`${what}: GitHub still named a next page after ${pages} pages; the listing is incomplete`);
      seen.add(url);
      const page = await this.api.getPage(url, what, signal);
      items.push(...list(page.body, what));
      url = page.next;
    }
    return items;
  }
}

function perPage(pageSize: number | undefined): number {
  return Math.max(1, Math.min(PER_PAGE, Math.floor(pageSize ?? PER_PAGE)));
}

function packageEntry(raw: Record<string, unknown>, ownerPath: string): PackageEntry | undefined {
  const name = text(raw.name);
  const ownerRecord = record(raw.owner);
  const owner = text(ownerRecord.login);
  if (!name || !owner) return undefined;
  const repository = `${owner.toLowerCase()}/${name}`;
  if (!isValidRepositoryName(repository)) return undefined;
  const htmlUrl = text(raw.html_url);
  return {
    repository, ownerPath, packageName: name, owner, visibility: text(raw.visibility), updatedAt: text(raw.updated_at),
    htmlUrl: htmlUrl && /^https:\/\//.test(htmlUrl) ? htmlUrl : undefined,
  };
}
