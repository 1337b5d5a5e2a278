// Fills tag and manifest rows in after they are drawn (RowQueue: a few manifests at a time), each
// result kept by digest, so tags that share a manifest and the platform rows of an index already
// worked out cost nothing. No vscode import.
import type { FetchedManifest, RegistryService } from '../../registry/types';
import { RowQueue, type QueuedRow } from './rowQueue';
import { detailsOf, type ManifestDetails } from './tagDetails';

export type TagDetailsMode = 'visible' | 'onHover' | 'off';

/** Manifests (with their configs and platforms) worked on at once. */
export const DETAILS_CONCURRENCY = 4;
/** Digests remembered; content behind a digest never changes, so only memory bounds this. */
const MAX_REMEMBERED_DIGESTS = 5000;

export interface DetailRow extends QueuedRow {
  /** Registry URL and repository: digests are remembered per repository. */
  scope: string;
  client: Pick<RegistryService, 'getManifest' | 'fetchBlob'>;
  repository: string;
  /** The row's manifest, shared with the row's expansion so it is fetched once. */
  manifest(): Promise<FetchedManifest>;
  wantsConfigTime: boolean;
}

export class DetailsLoader {
  private readonly rows: RowQueue<DetailRow, ManifestDetails>;
  private readonly byDigest = new Map<string, ManifestDetails>();
  /** Digests being worked out now: two tags of one manifest fetched together share the work. */
  private readonly working = new Map<string, Promise<ManifestDetails>>();
  /** Work on a digest serves every row of that manifest, so only a full refresh stops it. */
  private controller = new AbortController();

  constructor(
    /** Hears each row whose details arrived. */
    onFilled: (rowKey: string) => void,
    /** Hears each row whose fetch failed: it is not asked again until it is refreshed. */
    onFailure: (rowKey: string, error: unknown) => void,
    concurrency = DETAILS_CONCURRENCY,
  ) {
    this.rows = new RowQueue({ run: (row) => this.detailsFor(row), onFilled: (key) => onFilled(key), onFailure }, concurrency);
  }

  details(rowKey: string): ManifestDetails | undefined {
    return this.rows.result(rowKey);
  }

  /** True once a row's details are known or its fetch failed: what it will show is decided. */
  settled(rowKey: string): boolean {
    return this.rows.settled(rowKey);
  }

  /** True while rows listed directly under `rowKey` (a repository's tags) are queued or being fetched. */
  busyUnder(rowKey: string): boolean {
    return this.rows.busyUnder(rowKey);
  }

  /** Details of a row, fetched at most once; `urgent` (a hover) goes before rows queued for drawing. */
  async request(row: DetailRow, urgent = false): Promise<ManifestDetails | undefined> {
    const outcome = await this.rows.request(row, urgent);
    return outcome && 'result' in outcome ? outcome.result : undefined;
  }

  /** Drops a refreshed row's details and those of the rows under it (or everything), known or queued; digests stay known. */
  forget(rowKey?: string): void {
    this.rows.forget(rowKey);
    if (rowKey === undefined) {
      this.controller.abort();
      this.controller = new AbortController();
    }
  }

  /** Drops queued (not yet started) work of a collapsed row; details already known stay. */
  cancelQueued(rowKey: string): void {
    this.rows.cancelQueued(rowKey);
  }

  private async detailsFor(row: DetailRow): Promise<ManifestDetails> {
    const fetched = await row.manifest();
    const digestKey = `${row.scope}@${fetched.digest}`;
    let work = this.working.get(digestKey);
    if (!work) {
      work = detailsOf(fetched, {
        client: row.client,
        repository: row.repository,
        cached: (digest) => this.byDigest.get(`${row.scope}@${digest}`),
        remember: (d) => this.rememberDigest(`${row.scope}@${d.digest}`, d),
        wantsConfigTime: row.wantsConfigTime,
        signal: this.controller.signal,
      });
      this.working.set(digestKey, work);
      const done = () => this.working.delete(digestKey);
      work.then(done, done);
    }
    return work;
  }

  private rememberDigest(key: string, details: ManifestDetails): void {
    if (this.byDigest.size >= MAX_REMEMBERED_DIGESTS) this.byDigest.delete(this.byDigest.keys().next().value as string);
    this.byDigest.set(key, details);
  }
}
