// What GitHub's packages service knows about the images in GHCR, read from the storage of the real
// docker-registry behind the test API server: every repository is a package (`owner/name`), every
// manifest revision a version (tagged or not, as GHCR lists the platform manifests of an index), and
// deleting a version removes its revision and the tags on it, as GHCR does. docker-registry 2.8.2
// reads these files on each request (no cache is configured), so the registry sees the change at once.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredVersion {
  id: number;
  digest: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredPackage {
  repository: string;
  owner: string;
  name: string;
  versions: StoredVersion[];
  updatedAt: string;
  createdAt: string;
}

export class PackageStore {
  private readonly ids = new Map<string, number>();
  private nextId = 1000;

  constructor(private readonly registryRoot: string) {}

  private get repositoriesDir(): string {
    return join(this.registryRoot, 'data', 'docker', 'registry', 'v2', 'repositories');
  }

  async packages(): Promise<StoredPackage[]> {
    const names = await this.repositoryNames(this.repositoriesDir, '');
    const result: StoredPackage[] = [];
    for (const repository of names.sort()) {
      const slash = repository.indexOf('/');
      if (slash <= 0) continue;
      const versions = await this.versions(repository);
      if (versions.length === 0) continue;
      const times = versions.map((v) => v.updatedAt).sort();
      result.push({
        repository, owner: repository.slice(0, slash), name: repository.slice(slash + 1), versions,
        createdAt: versions.map((v) => v.createdAt).sort()[0], updatedAt: times[times.length - 1],
      });
    }
    return result;
  }

  async find(owner: string, name: string): Promise<StoredPackage | undefined> {
    return (await this.packages()).find((p) => p.owner === owner.toLowerCase() && p.name === name);
  }

  /** Removes the revision and every tag pointing at it; false when there is no such version. */
  async deleteVersion(repository: string, id: number): Promise<boolean> {
    const version = (await this.versions(repository)).find((v) => v.id === id);
    if (!version) return false;
    const manifests = join(this.repositoriesDir, repository, '_manifests');
    for (const tag of version.tags) await rm(join(manifests, 'tags', tag), { recursive: true, force: true });
    const [algorithm, hex] = version.digest.split(':');
    await rm(join(manifests, 'revisions', algorithm, hex), { recursive: true, force: true });
    return true;
  }

  /** Newest first, as GitHub lists them. */
  private async versions(repository: string): Promise<StoredVersion[]> {
    const manifests = join(this.repositoriesDir, repository, '_manifests');
    const tagsByDigest = new Map<string, Array<{ tag: string; time: number }>>();
    for (const tag of await listDir(join(manifests, 'tags'))) {
      const link = join(manifests, 'tags', tag, 'current', 'link');
      const digest = await readFile(link, 'utf8').catch(() => undefined);
      if (!digest) continue;
      const time = (await stat(link)).mtimeMs;
      tagsByDigest.set(digest.trim(), [...(tagsByDigest.get(digest.trim()) ?? []), { tag, time }]);
    }
    const versions: Array<StoredVersion & { createdMs: number }> = [];
    for (const algorithm of await listDir(join(manifests, 'revisions'))) {
      for (const hex of await listDir(join(manifests, 'revisions', algorithm))) {
        const link = join(manifests, 'revisions', algorithm, hex, 'link');
        const created = await stat(link).then((s) => s.mtimeMs).catch(() => undefined);
        if (created === undefined) continue;
        const digest = `${algorithm}:${hex}`;
        const tags = (tagsByDigest.get(digest) ?? []).sort((a, b) => a.tag.localeCompare(b.tag));
        const updated = Math.max(created, ...tags.map((t) => t.time));
        versions.push({ id: this.idOf(repository, digest), digest, tags: tags.map((t) => t.tag), createdAt: iso(created), updatedAt: iso(updated), createdMs: created });
      }
    }
    return versions.sort((a, b) => b.createdMs - a.createdMs || b.id - a.id).map(({ createdMs: _, ...version }) => version);
  }

  private idOf(repository: string, digest: string): number {
    const key = `${repository}@${digest}`;
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.nextId++));
    return id;
  }

  private async repositoryNames(dir: string, prefix: string): Promise<string[]> {
    const names: string[] = [];
    for (const entry of await listDir(dir)) {
      if (entry.startsWith('_')) continue;
      const name = prefix ? `${prefix}/${entry}` : entry;
      const children = await listDir(join(dir, entry));
      if (children.includes('_manifests')) names.push(name);
      names.push(...await this.repositoryNames(join(dir, entry), name));
    }
    return names;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function iso(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
