import * as l10n from '@vscode/l10n';
import type { Page, PageCursor } from '../../registry/types';

/** Matches a filter: `text*` is a prefix, anything else a case-insensitive substring. */
export function makeMatcher(filter: string | undefined): (name: string) => boolean {
  if (!filter) return () => true;
  const prefix = prefixOf(filter);
  if (prefix !== undefined) return (name) => name.startsWith(prefix);
  const needle = filter.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

export function prefixOf(filter: string | undefined): string | undefined {
  return filter && filter.length > 1 && filter.endsWith('*') ? filter.slice(0, -1) : undefined;
}

export type PageFetcher<T> = (request: { cursor?: PageCursor; last?: string }) => Promise<Page<T>>;

/**
 * What has been fetched for one paged parent (a registry's catalog or a repository's tags).
 * Only fetches when asked: the first page on expand, more on "Load more".
 */
export class PagedList<T> {
  readonly items: T[] = [];
  private cursor: PageCursor | undefined;
  private started = false;
  done = false;
  scanned = 0;
  /** Names the registry listed that break the OCI grammar; not shown. */
  dropped = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly nameOf: (item: T) => string,
    private readonly filter: string | undefined,
    /** Catalogs are sorted, so a prefix filter may start there and stop once past it. */
    private readonly sortedByName: boolean,
  ) {}

  visible(): T[] {
    const matches = makeMatcher(this.filter);
    return this.items.filter((item) => matches(this.nameOf(item)));
  }

  /**
   * Fetches pages until `wanted` new matches arrived, the list ended, or `maxPages` pages were
   * scanned (a substring filter on a huge registry must not loop for minutes). A call while pages
   * are on their way joins them: two fetches from the same cursor would list every name twice.
   */
  loadMore(wanted: number, maxPages: number, signal?: AbortSignal): Promise<void> {
    this.pending ??= this.fetchPages(wanted, maxPages, signal).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  private async fetchPages(wanted: number, maxPages: number, signal?: AbortSignal): Promise<void> {
    const matches = makeMatcher(this.filter);
    const prefix = prefixOf(this.filter);
    let found = 0;
    for (let pages = 0; !this.done && found < wanted && pages < maxPages; pages++) {
      signal?.throwIfAborted();
      const jump = !this.started && this.sortedByName && prefix ? prefix.slice(0, -1) || undefined : undefined;
      const page = await this.fetchPage({ cursor: this.cursor, last: jump });
      this.started = true;
      this.scanned += page.items.length;
      this.dropped += page.dropped ?? 0;
      for (const item of page.items) {
        const name = this.nameOf(item);
        if (this.sortedByName && prefix && name > prefix && !name.startsWith(prefix)) {
          this.done = true;
          break;
        }
        this.items.push(item);
        if (matches(name)) found++;
      }
      this.cursor = page.next;
      if (!page.next || (page.items.length === 0 && !page.dropped)) this.done = true;
    }
  }
}

/** A short row saying how many invalid names a list hid, or undefined when none were. */
export function hiddenNamesText(dropped: number, what: 'tag' | 'repository'): string | undefined {
  if (dropped <= 0) return undefined;
  if (what === 'tag') return dropped === 1 ? l10n.t('1 invalid tag hidden') : l10n.t('{0} invalid tags hidden', dropped);
  return dropped === 1 ? l10n.t('1 invalid repository name hidden') : l10n.t('{0} invalid repository names hidden', dropped);
}
