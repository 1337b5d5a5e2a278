// Catalog and tag listings, one page at a time. Next pages come from the `Link` header (same origin
// only); a page that is empty or repeats the previous position ends the listing.
import type { CallOptions, Page, PageCursor, RepositoryInfo, TagInfo } from '../types';
import { nextLinkUrl } from '../link';
import { isValidRepositoryName, isValidTag } from '../reference';
import { RegistryError } from '../errors';
import { readBodyBytes, expectStatus } from '../transport/body';
import { asObject, checkCursorUrl, parseJson, repoPath, type OperationContext } from './context';
import { listAcrTags } from './acr';

export interface ListOptions extends CallOptions {
  pageSize?: number;
  cursor?: PageCursor;
  last?: string;
  /** Tags most recently updated first, across pages, where the registry can order them (ACR's `orderby=timedesc`); ignored elsewhere. */
  orderBy?: 'timedesc';
}

const MAX_LISTING_BYTES = 16 * 1024 * 1024;
/** The largest page docker-registry 2.8.2 serves: it answers 400 above. */
export const MAX_PAGE_SIZE = 1000;

export function pageQuery(options: ListOptions): string {
  const params = new URLSearchParams();
  if (options.pageSize !== undefined) params.set('n', String(Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(options.pageSize)))));
  if (options.last) params.set('last', options.last);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Fetches one page of a JSON listing and works out the next cursor from the raw entries `extract` finds. */
export async function fetchListingPage(
  context: OperationContext,
  url: string,
  options: CallOptions,
  extract: (body: Record<string, unknown>) => unknown[] | undefined,
  what: string,
): Promise<{ names: unknown[]; next?: PageCursor; body: Record<string, unknown> }> {
  const response = await context.transport.send({ method: 'GET', url, signal: options.signal, headers: { accept: 'application/json' }, streamStatuses: [200] });
  await expectStatus(response, [200]);
  const body = asObject(parseJson(await readBodyBytes(response, MAX_LISTING_BYTES, what), what), what);
  const names = extract(body) ?? [];
  const requestUrl = response.request.url;
  const nextUrl = nextLinkUrl(response.headers.get('link'), requestUrl);
  const next = names.length && nextUrl && !repeatsPosition(requestUrl, nextUrl) ? { url: nextUrl } : undefined;
  if (nextUrl && !next) context.log?.('warn', 'listing', `${what}: ignoring a next link that would repeat or loop`);
  return { names, next, body };
}

/** The next link repeats this page when it is the same URL or does not move the `last` position on. */
function repeatsPosition(requestUrl: string, nextUrl: string): boolean {
  if (nextUrl === requestUrl) return true;
  const lastNext = new URL(nextUrl).searchParams.get('last');
  return lastNext !== null && lastNext === new URL(requestUrl).searchParams.get('last');
}

function listedValues(value: unknown): unknown[] {
  // 2.8.2 says "tags": null once all tags are gone; anything but an array lists nothing.
  return Array.isArray(value) ? value : [];
}

/**
 * Keeps the entries `keep` accepts; the rest (path tricks, control characters, absurd lengths from a
 * hostile or broken registry) never reach a caller. The count is logged and returned, never the names.
 */
export function validEntries<T>(
  context: Pick<OperationContext, 'log'>,
  entries: readonly unknown[],
  keep: (entry: unknown) => entry is T,
  what: string,
): { items: T[]; dropped: number } {
  const items = entries.filter(keep);
  const dropped = entries.length - items.length;
  if (dropped > 0) context.log?.('warn', 'listing', `${what}: skipped ${dropped} invalid entr${dropped === 1 ? 'y' : 'ies'}`);
  return { items, dropped };
}

/** A page with `dropped` only when something was dropped. */
export function pageOf<T>(items: T[], next: PageCursor | undefined, dropped: number): Page<T> {
  return dropped > 0 ? { items, next, dropped } : { items, next };
}

const repositoryName = (entry: unknown): entry is string => isValidRepositoryName(entry);
const tagName = (entry: unknown): entry is string => isValidTag(entry);

export async function listRepositories(context: OperationContext, options: ListOptions = {}): Promise<Page<RepositoryInfo>> {
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/v2/_catalog${pageQuery(options)}`;
  const page = await fetchListingPage(context, url, options, (body) => listedValues(body.repositories), 'repository catalog');
  const { items, dropped } = validEntries(context, page.names, repositoryName, 'repository catalog');
  return pageOf(items.map((name): RepositoryInfo => ({ name })), page.next, dropped);
}

export async function listTags(context: OperationContext, repository: string, options: ListOptions = {}): Promise<Page<TagInfo>> {
  if (await context.isAcr(options.signal)) return listAcrTags(context, repository, options);
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : repoPath(repository, `tags/list${pageQuery(options)}`);
  const what = `tag list of ${repository}`;
  const page = await fetchListingPage(context, url, options, (body) => listedValues(body.tags), what);
  const { items, dropped } = validEntries(context, page.names, tagName, what);
  return pageOf(items.map((name) => ({ name })), page.next, dropped);
}

/** A listing still had a next page after the most pages a whole listing may take. */
export class ListingTooLongError extends RegistryError {
  override name = 'ListingTooLongError';
  constructor(what: string, pages: number) {
    super(`${what}: the registry still named a next page after ${pages} pages; the listing is incomplete (a larger page size needs fewer pages)`, { code: 'LISTING_TOO_LONG' });
  }
}

/** Far more than any real listing needs at the smallest page size; it only stops a registry whose pages never end. */
export const MAX_LISTING_PAGES = 100_000;

/**
 * Every page in turn until the registry names no next page. A listing that goes on past `maxPages`
 * is an error, never a silently shortened list.
 */
export async function* eachPage<T>(fetchPage: (cursor?: PageCursor) => Promise<Page<T>>, what: string, maxPages = MAX_LISTING_PAGES): AsyncGenerator<Page<T>> {
  const seen = new Set<string>();
  let cursor: PageCursor | undefined;
  for (let count = 1; ; count++) {
    const page = await fetchPage(cursor);
    yield page;
    if (!page.next || seen.has(page.next.url)) return;
    if (count >= maxPages) throw new ListingTooLongError(what, count);
    seen.add(page.next.url);
    cursor = page.next;
  }
}

/**
 * For listing everything: the first request asks for the largest page, fewest round trips; a
 * registry that refuses that size (400) gets the request again without one and uses its default.
 */
export function largestPagesFirst<T>(fetchPage: (pageSize: number | undefined, cursor?: PageCursor) => Promise<Page<T>>): (cursor?: PageCursor) => Promise<Page<T>> {
  let pageSize: number | undefined = MAX_PAGE_SIZE;
  return async (cursor) => {
    if (cursor || pageSize === undefined) return fetchPage(pageSize, cursor);
    try {
      return await fetchPage(pageSize, cursor);
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status !== 400) throw error;
      pageSize = undefined;
      return fetchPage(undefined, cursor);
    }
  };
}

/** Every page, for callers that want the whole list at once, with the total dropped. */
export async function collectPages<T>(fetchPage: (cursor?: PageCursor) => Promise<Page<T>>, what = 'listing', maxPages = MAX_LISTING_PAGES): Promise<{ items: T[]; dropped: number }> {
  const items: T[] = [];
  let dropped = 0;
  for await (const page of eachPage(fetchPage, what, maxPages)) {
    items.push(...page.items);
    dropped += page.dropped ?? 0;
  }
  return { items, dropped };
}
