// Fills rows in after they are drawn: a few manifests at a time (a tag list of hundreds must not
// start hundreds of requests), each result kept by digest, so tags that share a manifest and the
// platform rows of an index already worked out cost nothing. No vscode import.
import type { FetchedManifest, RegistryService } from '../../registry/types';
import { detailsOf, type ManifestDetails } from './tagDetails';

export type TagDetailsMode = 'visible' | 'onHover' | 'off';

/** Manifests (with their configs and platforms) worked on at once. */
export const DETAILS_CONCURRENCY = 4;
/** Digests remembered; content behind a digest never changes, so only memory bounds this. */
const MAX_REMEMBERED_DIGESTS = 5000;

export interface DetailRow {
  /** The row's node key. */
  key: string;
  /** Registry URL and repository: digests are remembered per repository. */
  scope: string;
  client: Pick<RegistryService, 'getManifest' | 'fetchBlob'>;
  repository: string;
  /** The row's manifest, shared with the row's expansion so it is fetched once. */
  manifest(): Promise<FetchedManifest>;
  wantsConfigTime: boolean;
}

interface Job { row: DetailRow; generation: number; resolve(details: ManifestDetails | undefined): void }

export class DetailsLoader {
  private readonly byRow = new Map<string, ManifestDetails>();
  private readonly byDigest = new Map<string, ManifestDetails>();
  private readonly pending = new Map<string, Promise<ManifestDetails | undefined>>();
  /** Digests being worked out now: two tags of one manifest fetched together share the work. */
  private readonly working = new Map<string, Promise<ManifestDetails>>();
  /** Rows whose fetch failed: not asked again until they are refreshed. */
  private readonly failed = new Set<string>();
  private readonly queue: Job[] = [];
  private running = 0;
  /** Bumped per forgotten key prefix: results of work started before a refresh are dropped. */
  private readonly generations = new Map<string, number>();
  private controller = new AbortController();

  constructor(
    /** Hears each row whose details arrived. */
    private readonly onFilled: (rowKey: string) => void,
    private readonly onFailure: (rowKey: string, error: unknown) => void,
    private readonly concurrency = DETAILS_CONCURRENCY,
  ) {}

  details(rowKey: string): ManifestDetails | undefined {
    return this.byRow.get(rowKey);
  }

  /** True once a row's details are known or its fetch failed: what it will show is decided. */
  settled(rowKey: string): boolean {
    return this.byRow.has(rowKey) || this.failed.has(rowKey);
  }

  /** True while rows under `prefix` are queued or being fetched. */
  busyUnder(prefix: string): boolean {
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Details of a row, fetched at most once; `urgent` (a hover) goes before rows queued for drawing. */
  request(row: DetailRow, urgent = false): Promise<ManifestDetails | undefined> {
    const known = this.byRow.get(row.key);
    if (known) return Promise.resolve(known);
    if (this.failed.has(row.key)) return Promise.resolve(undefined);
    const pending = this.pending.get(row.key);
    if (pending) {
      if (urgent) this.promote(row.key);
      return pending;
    }
    const promise = new Promise<ManifestDetails | undefined>((resolve) => {
      const job: Job = { row, generation: this.generationOf(row.key), resolve };
      if (urgent) this.queue.unshift(job);
      else this.queue.push(job);
    });
    this.pending.set(row.key, promise);
    this.pump();
    return promise;
  }

  /** Drops rows (and queued work) under `prefix`, or everything; digests stay known. */
  forget(prefix?: string): void {
    for (const map of [this.byRow, this.pending]) for (const key of [...map.keys()]) if (prefix === undefined || key.startsWith(prefix)) map.delete(key);
    for (const key of [...this.failed]) if (prefix === undefined || key.startsWith(prefix)) this.failed.delete(key);
    const dropped = this.queue.filter((job) => prefix === undefined || job.row.key.startsWith(prefix));
    for (const job of dropped) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.resolve(undefined);
    }
    this.generations.set(prefix ?? '', (this.generations.get(prefix ?? '') ?? 0) + 1);
    if (prefix === undefined) {
      // A full refresh also stops what is in flight.
      this.controller.abort();
      this.controller = new AbortController();
    }
  }

  /** Drops queued (not yet started) work under `prefix`; details already known stay. */
  cancelQueued(prefix: string): void {
    for (const job of this.queue.filter((j) => j.row.key.startsWith(prefix))) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.pending.delete(job.row.key);
      job.resolve(undefined);
    }
  }

  private generationOf(key: string): number {
    let sum = 0;
    for (const [prefix, generation] of this.generations) if (key.startsWith(prefix)) sum += generation;
    return sum;
  }

  private promote(key: string): void {
    const index = this.queue.findIndex((job) => job.row.key === key);
    if (index > 0) this.queue.unshift(...this.queue.splice(index, 1));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const { row } = job;
    const current = () => job.generation === this.generationOf(row.key);
    let details: ManifestDetails | undefined;
    try {
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
      details = await work;
    } catch (error) {
      if (current()) {
        this.failed.add(row.key);
        this.onFailure(row.key, error);
      }
    }
    if (!current()) {
      job.resolve(undefined);
      return;
    }
    this.pending.delete(row.key);
    if (details) this.byRow.set(row.key, details);
    job.resolve(details);
    if (details) this.onFilled(row.key);
  }

  private rememberDigest(key: string, details: ManifestDetails): void {
    if (this.byDigest.size >= MAX_REMEMBERED_DIGESTS) this.byDigest.delete(this.byDigest.keys().next().value as string);
    this.byDigest.set(key, details);
  }
}
