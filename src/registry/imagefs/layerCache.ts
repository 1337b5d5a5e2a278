// The layer cache on disk: one folder per layer digest holding the uncompressed tar and its index.
// A folder is built under a temporary name and renamed into place whole, so a reader never sees a
// half-written layer; least recently used folders go once the cache is above its size.
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDigest } from '../digest';
import type { LogSink } from '../types';
import type { IndexedEntry } from './tarEntry';

export const TAR_FILE = 'layer.tar';
export const INDEX_FILE = 'index.json';
const INDEX_FORMAT = 1;
/** Temporary folders of downloads; one this old was left by a process that died. */
export const PARTIAL_PREFIX = '.partial-';
const STALE_PARTIAL_MS = 6 * 60 * 60 * 1000;

export interface StoredIndex {
  format: number;
  digest: string;
  tarBytes: number;
  entries: IndexedEntry[];
}

export function folderName(digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return `${algorithm}-${hex}`;
}

export function indexJson(digest: string, tarBytes: number, entries: IndexedEntry[]): string {
  const stored: StoredIndex = { format: INDEX_FORMAT, digest, tarBytes, entries };
  return JSON.stringify(stored);
}

/** The cached index of `digest`, or undefined when there is none or it is damaged (then it is removed). */
export async function loadIndex(directory: string, digest: string, log?: LogSink): Promise<StoredIndex | undefined> {
  const folder = join(directory, folderName(digest));
  let text: string;
  try {
    text = await readFile(join(folder, INDEX_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as StoredIndex;
    const tar = await stat(join(folder, TAR_FILE));
    if (stored.format === INDEX_FORMAT && stored.digest === digest && Array.isArray(stored.entries) && tar.size === stored.tarBytes) {
      await utimes(folder, new Date(), new Date()).catch(() => undefined);
      return stored;
    }
  } catch {
    // Unreadable JSON or a missing tar: handled below like any other damage.
  }
  log?.('warn', 'layers', `the cached copy of ${digest} is damaged; it is removed and downloaded again`);
  await rm(folder, { recursive: true, force: true });
  return undefined;
}

/** Marks the cached layer as just used; false when it is no longer in the cache. */
export async function touchFolder(directory: string, digest: string): Promise<boolean> {
  const folder = join(directory, folderName(digest));
  try {
    await utimes(folder, new Date(), new Date());
    return (await stat(join(folder, INDEX_FILE))).isFile();
  } catch {
    return false;
  }
}

/** Moves a finished temporary folder into place; another process that finished first wins. */
export async function commitFolder(directory: string, temp: string, digest: string): Promise<void> {
  const target = join(directory, folderName(digest));
  try {
    await rename(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(temp, { recursive: true, force: true });
  }
}

interface CachedFolder {
  name: string;
  bytes: number;
  usedAt: number;
}

async function cachedFolders(directory: string): Promise<CachedFolder[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const folders: CachedFolder[] = [];
  for (const name of names) {
    if (!/^sha(256|512)-[0-9a-f]+$/.test(name)) continue;
    const folder = join(directory, name);
    const [info, tar, index] = await Promise.all([stat(folder), stat(join(folder, TAR_FILE)).catch(() => undefined), stat(join(folder, INDEX_FILE)).catch(() => undefined)]);
    folders.push({ name, bytes: (tar?.size ?? 0) + (index?.size ?? 0), usedAt: info.mtimeMs });
  }
  return folders;
}

export async function cacheBytes(directory: string): Promise<number> {
  return (await cachedFolders(directory)).reduce((sum, folder) => sum + folder.bytes, 0);
}

/** Removes the least recently used layers until the cache holds at most `maxBytes`; `keep` stays whatever its size. */
export async function evict(directory: string, maxBytes: number, keep: ReadonlySet<string>, log?: LogSink): Promise<void> {
  const folders = (await cachedFolders(directory)).sort((a, b) => a.usedAt - b.usedAt);
  let total = folders.reduce((sum, folder) => sum + folder.bytes, 0);
  for (const folder of folders) {
    if (total <= maxBytes) break;
    if (keep.has(folder.name)) continue;
    await rm(join(directory, folder.name), { recursive: true, force: true });
    total -= folder.bytes;
    log?.('debug', 'layers', `removed cached layer ${folder.name} (${folder.bytes} bytes) to keep the cache within ${maxBytes} bytes`);
  }
}

/** Removes temporary folders that a process which died left behind. */
export async function removeStalePartials(directory: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names.filter((n) => n.startsWith(PARTIAL_PREFIX))) {
    const info = await stat(join(directory, name)).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_PARTIAL_MS) await rm(join(directory, name), { recursive: true, force: true });
  }
}

export async function clearCache(directory: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^sha(256|512)-[0-9a-f]+$/.test(n)).map((n) => rm(join(directory, n), { recursive: true, force: true })));
  await mkdir(directory, { recursive: true });
}
