// Repository rows are drawn from the catalog page at once; ACR's counts, times and locks for each
// row (one request per repository) follow a few at a time, so a page of a hundred repositories
// shows after one request, not after twenty-five rounds of them. No vscode import.
import type { RepositoryInfo } from '../../registry/types';

/** Repository details requests in flight at once. */
export const REPOSITORY_DETAILS_CONCURRENCY = 4;

export interface RepositoryDetailsRow {
  /** The repository row's node key. */
  key: string;
  fetch(signal: AbortSignal): Promise<RepositoryInfo>;
}

export class RepositoryDetailsLoader {
  private readonly known = new Map<string, RepositoryInfo>();
  /** Rows queued, in flight or failed: not asked again until forgotten. */
  private readonly asked = new Set<string>();
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
    this.asked.add(row.key);
    this.queue.push(row);
    this.pump();
  }

  /** Drops queued (not yet started) rows under `prefix`; they are asked again when shown again. */
  cancelQueued(prefix: string): void {
    for (const row of this.queue) if (row.key.startsWith(prefix)) this.asked.delete(row.key);
    this.queue = this.queue.filter((row) => !row.key.startsWith(prefix));
  }

  /** Drops what is known, queued or in flight under `prefix`, or everything. */
  forget(prefix = ''): void {
    this.cancelQueued(prefix);
    for (const key of [...this.known.keys(), ...this.asked]) {
      if (key.startsWith(prefix)) {
        this.known.delete(key);
        this.asked.delete(key);
      }
    }
    for (const [key, controller] of [...this.inFlight]) {
      if (!key.startsWith(prefix)) continue;
      controller.abort();
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
