// Reads what ACR's /acr/v1 API reports (tags and manifests with digests and times) straight from a
// docker-registry 2.8.2 filesystem store, which keeps one `link` file per tag and per manifest revision.
// File times stand in for ACR's createdTime/lastUpdateTime.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredTag {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
}

export interface StoredManifest {
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
}

function repositoryDir(storageRoot: string, repository: string): string {
  if (repository.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new Error(`bad repository name ${repository}`);
  return join(storageRoot, 'docker', 'registry', 'v2', 'repositories', repository);
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function repositoryExists(storageRoot: string, repository: string): Promise<boolean> {
  return (await listDir(join(repositoryDir(storageRoot, repository), '_manifests'))).length > 0;
}

export async function readStoredTags(storageRoot: string, repository: string): Promise<StoredTag[]> {
  const tagsDir = join(repositoryDir(storageRoot, repository), '_manifests', 'tags');
  const result: StoredTag[] = [];
  for (const name of await listDir(tagsDir)) {
    const link = join(tagsDir, name, 'current', 'link');
    try {
      const [digest, linkStat, dirStat] = await Promise.all([readFile(link, 'utf8'), stat(link), stat(join(tagsDir, name))]);
      result.push({ name, digest: digest.trim(), createdTime: dirStat.birthtime.toISOString(), lastUpdateTime: linkStat.mtime.toISOString() });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readStoredManifests(storageRoot: string, repository: string): Promise<StoredManifest[]> {
  const revisions = join(repositoryDir(storageRoot, repository), '_manifests', 'revisions');
  const result: StoredManifest[] = [];
  for (const algorithm of await listDir(revisions)) {
    for (const hex of await listDir(join(revisions, algorithm))) {
      const link = join(revisions, algorithm, hex, 'link');
      try {
        const info = await stat(link);
        result.push({ digest: `${algorithm}:${hex}`, createdTime: info.birthtime.toISOString(), lastUpdateTime: info.mtime.toISOString() });
      } catch (error) {
        // Deleted manifests leave their directory without a link.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return result.sort((a, b) => (a.digest < b.digest ? -1 : 1));
}

/** Removes one tag (what ACR's DELETE /acr/v1/{name}/_tags/{tag} does); false when it did not exist. */
export async function deleteStoredTag(storageRoot: string, repository: string, tag: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return false;
  const dir = join(repositoryDir(storageRoot, repository), '_manifests', 'tags', tag);
  if ((await listDir(dir)).length === 0) return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}

/** One page after `last` (exclusive) of at most `n` items, by `key`. */
export function pageAfter<T>(items: T[], key: (item: T) => string, last: string | null, n: number): { page: T[]; more: boolean } {
  const start = last ? items.findIndex((item) => key(item) > last) : 0;
  const from = start < 0 ? items.length : start;
  return { page: items.slice(from, from + n), more: from + n < items.length };
}

/** Removes a repository with its tags and manifests (what ACR's DELETE /acr/v1/{name} does); says what went. */
export async function deleteStoredRepository(storageRoot: string, repository: string): Promise<{ manifestsDeleted: string[]; tagsDeleted: string[] }> {
  const [tags, manifests] = await Promise.all([readStoredTags(storageRoot, repository), readStoredManifests(storageRoot, repository)]);
  await rm(repositoryDir(storageRoot, repository), { recursive: true, force: true });
  return { manifestsDeleted: manifests.map((m) => m.digest), tagsDeleted: tags.map((t) => t.name) };
}

/** One page after the item whose key is `last` (in the items' own order), of at most `n` items. */
export function pageAfterItem<T>(items: T[], key: (item: T) => string, last: string | null, n: number): { page: T[]; more: boolean } {
  const at = last ? items.findIndex((item) => key(item) === last) : -1;
  if (last && at < 0) return { page: [], more: false };
  const from = at + 1;
  return { page: items.slice(from, from + n), more: from + n < items.length };
}
