// Catalog and tag listings, one page at a time. Next pages come from the `Link` header (same origin
// only); a page that is empty or repeats the previous position ends the listing.
import type { CallOptions, Page, PageCursor, RepositoryInfo, TagInfo } from '../types';
import { nextLinkUrl } from '../link';
import { readBodyBytes, expectStatus } from '../transport/body';
import { asObject, checkCursorUrl, parseJson, repoPath, type OperationContext } from './context';
import { listAcrTags } from './acr';

export interface ListOptions extends CallOptions {
  pageSize?: number;
  cursor?: PageCursor;
  last?: string;
}

const MAX_LISTING_BYTES = 16 * 1024 * 1024;
/** docker-registry 2.8.2 answers 400 above 1000. */
const MAX_PAGE_SIZE = 1000;

export function pageQuery(options: ListOptions): string {
  const params = new URLSearchParams();
  if (options.pageSize !== undefined) params.set('n', String(Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(options.pageSize)))));
  if (options.last) params.set('last', options.last);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Fetches one page of a JSON listing and works out the next cursor. */
export async function fetchListingPage(
  context: OperationContext,
  url: string,
  options: CallOptions,
  extract: (body: Record<string, unknown>) => string[] | undefined,
  what: string,
): Promise<{ names: string[]; next?: PageCursor; body: Record<string, unknown> }> {
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

function stringArray(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return []; // 2.8.2 says "tags": null once all tags are gone
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

export async function listRepositories(context: OperationContext, options: ListOptions = {}): Promise<Page<RepositoryInfo>> {
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/v2/_catalog${pageQuery(options)}`;
  const page = await fetchListingPage(context, url, options, (body) => stringArray(body.repositories), 'repository catalog');
  return { items: page.names.map((name) => ({ name })), next: page.next };
}

export async function listTags(context: OperationContext, repository: string, options: ListOptions = {}): Promise<Page<TagInfo>> {
  if (await context.isAcr(options.signal)) return listAcrTags(context, repository, options);
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : repoPath(repository, `tags/list${pageQuery(options)}`);
  const page = await fetchListingPage(context, url, options, (body) => stringArray(body.tags), `tag list of ${repository}`);
  return { items: page.names.map((name) => ({ name })), next: page.next };
}

/** Every page up to `maxPages`, for callers that want the whole list (the CLI). */
export async function collectPages<T>(fetchPage: (cursor?: PageCursor) => Promise<Page<T>>, maxPages = 1000): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: PageCursor | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.next || seen.has(result.next.url)) return items;
    seen.add(result.next.url);
    cursor = result.next;
  }
  return items;
}
