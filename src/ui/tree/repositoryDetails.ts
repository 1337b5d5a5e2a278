// Repository rows are drawn from the catalog page at once; ACR's counts, times and locks for each
// row (one request per repository) follow a few at a time, so a page of a hundred repositories
// shows after one request, not after twenty-five rounds of them. No vscode import.
import type { RepositoryInfo } from '../../registry/types';

/** Repository details requests in flight at once. */
export const REPOSITORY_DETAILS_CONCURRENCY = 4;

export interface RepositoryDetailsRow {
  /** The repository row's node key. */
  key: string;
  /** The registry row's key: collapsing or refreshing that row concerns this one. */
  parentKey: string;
  fetch(signal: AbortSignal): Promise<RepositoryInfo>;
}

export class RepositoryDetailsLoader {
  private readonly known = new Map<string, RepositoryInfo>();
  /** Rows queued, in flight, failed or filled, with their parent's key: not asked again until forgotten. */
  private readonly asked = new Map<string, string>();
  private queue: RepositoryDetailsRow[] = [];
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    /** Hears each row whose details arrived. */
    private readonly onFilled: (rowKey: string) => void,
    private readonly onFailure: (rowKey: string, error: unknown) => void,
    private readonly concurrency = REPOSITORY_DETAILS_CONCURRENCY,
  ) {}

  info(rowKey: string): RepositoryInfo | undefined {
    return this.known.get(rowKey);
  }

  request(row: RepositoryDetailsRow): void {
    if (this.asked.has(row.key)) return;
    this.asked.set(row.key, row.parentKey);
    this.queue.push(row);
    this.pump();
  }

  /** Drops queued (not yet started) rows of a collapsed row; they are asked again when shown again. */
  cancelQueued(rowKey: string): void {
    for (const row of this.queue) if (concerns(rowKey, row.key, row.parentKey)) this.asked.delete(row.key);
    this.queue = this.queue.filter((row) => !concerns(rowKey, row.key, row.parentKey));
  }

  /** Drops what is known, queued or in flight for a refreshed row (itself or its children), or everything. */
  forget(rowKey?: string): void {
    const forgotten = [...this.asked].filter(([key, parentKey]) => rowKey === undefined || concerns(rowKey, key, parentKey)).map(([key]) => key);
    this.queue = this.queue.filter((row) => !forgotten.includes(row.key));
    for (const key of forgotten) {
      this.known.delete(key);
      this.asked.delete(key);
      this.inFlight.get(key)?.abort();
      this.inFlight.delete(key);
    }
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < this.concurrency && this.queue.length > 0) {
      const row = this.queue.shift()!;
      const controller = new AbortController();
      this.inFlight.set(row.key, controller);
      void this.run(row, controller);
    }
  }

  private async run(row: RepositoryDetailsRow, controller: AbortController): Promise<void> {
    let info: RepositoryInfo | undefined;
    let failure: unknown;
    try {
      info = await row.fetch(controller.signal);
    } catch (error) {
      failure = error;
    }
    // A row forgotten meanwhile (refresh) has its slot freed already and its answer is dropped.
    if (this.inFlight.get(row.key) !== controller) return;
    this.inFlight.delete(row.key);
    if (info) {
      this.known.set(row.key, info);
      this.onFilled(row.key);
    } else {
      this.onFailure(row.key, failure);
    }
    this.pump();
  }
}

/** Keys are compared whole: a prefix would also catch sibling repositories (`app` and `app-x`, `app/sub`). */
function concerns(rowKey: string, key: string, parentKey: string): boolean {
  return key === rowKey || parentKey === rowKey;
}
