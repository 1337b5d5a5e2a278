// Docker Hub API listings (Docker Hub API reference, "List repositories in a namespace" and "List
// repository tags"): `{count, next, previous, results}` pages addressed by `page` and `page_size`
// (at most 100), with `next` the absolute URL of the following page or null. Pure parsing, so hostile
// or broken pages are unit-tested without a server.
import type { RepositoryInfo, TagInfo } from '../types';
import { isValidDigest } from '../digest';
import { isValidRepositoryName, isValidTag } from '../reference';

/** The largest `page_size` the Hub API serves. */
export const HUB_MAX_PAGE_SIZE = 100;

type Entry = Record<string, unknown>;
const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);
const time = (value: unknown): string | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** A namespace is one path component of a repository name: `library`, a user or an organisation. */
export function isValidNamespace(namespace: unknown): namespace is string {
  return typeof namespace === 'string' && !namespace.includes('/') && isValidRepositoryName(namespace);
}

/** `ns/repo` → its namespace and repository as the Hub API addresses them; undefined for other shapes. */
export function splitHubRepository(repository: string): { namespace: string; name: string } | undefined {
  const slash = repository.indexOf('/');
  if (slash <= 0 || repository.indexOf('/', slash + 1) !== -1) return undefined;
  return { namespace: repository.slice(0, slash), name: repository.slice(slash + 1) };
}

/** `page_size` for a requested page size: the Hub's default is 10, its maximum 100. */
export function hubPageSize(pageSize: number | undefined): number {
  return Math.max(1, Math.min(HUB_MAX_PAGE_SIZE, Math.floor(pageSize ?? HUB_MAX_PAGE_SIZE)));
}

export interface HubPage<T> {
  items: T[];
  /** Entries left out because their names break the OCI grammar (or are not objects). */
  dropped: number;
  /** Absolute URL of the next page, when the Hub named one. */
  next?: string;
}

function resultsOf(body: unknown): { results: unknown[]; next?: string } {
  if (!isEntry(body) || !Array.isArray(body.results)) return { results: [] };
  return { results: body.results, next: text(body.next) };
}

/** One page of a namespace's repositories; each becomes `namespace/name`. */
export function parseRepositoryPage(body: unknown, namespace: string): HubPage<RepositoryInfo> {
  const { results, next } = resultsOf(body);
  const items: RepositoryInfo[] = [];
  for (const entry of results) {
    if (!isEntry(entry) || typeof entry.name !== 'string' || entry.name.includes('/')) continue;
    const name = `${namespace}/${entry.name}`;
    if (!isValidRepositoryName(name)) continue;
    items.push(withoutUndefined({
      name,
      description: text(entry.description),
      isPrivate: typeof entry.is_private === 'boolean' ? entry.is_private : undefined,
      pullCount: count(entry.pull_count),
      starCount: count(entry.star_count),
      lastUpdatedOn: time(entry.last_updated),
      size: count(entry.storage_size),
    }));
  }
  return { items, dropped: results.length - items.length, next };
}

/** One page of a repository's tags with the Hub's size, push and pull times. */
export function parseTagPage(body: unknown): HubPage<TagInfo> {
  const { results, next } = resultsOf(body);
  const items: TagInfo[] = [];
  for (const entry of results) {
    if (!isEntry(entry) || !isValidTag(entry.name)) continue;
    items.push(withoutUndefined({
      name: entry.name as string,
      // Not in every answer: where it is, it is the digest the tag points at.
      digest: isValidDigest(entry.digest) ? (entry.digest as string) : undefined,
      lastUpdatedOn: time(entry.tag_last_pushed) ?? time(entry.last_updated),
      lastPulledOn: time(entry.tag_last_pulled),
      size: count(entry.full_size),
    }));
  }
  return { items, dropped: results.length - items.length, next };
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
