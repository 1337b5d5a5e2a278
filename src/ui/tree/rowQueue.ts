// Work on tree rows after they are drawn: a few rows at a time (a list of hundreds must not start
// hundreds of requests), a hovered row before the rest, each row's outcome kept until that row or
// one it is listed under is refreshed. Rows are related by whole keys and the keys of the rows
// above them, never by key prefixes: repository `app` is not above `app-x` or `app/sub`, nor is tag
// `1` above tag `1.2`. No vscode import.

/** A row to work on, with the keys of the rows it is listed under, nearest first. */
export interface QueuedRow {
  key: string;
  ancestors: readonly string[];
}

/** What a row's work came to. */
export type RowOutcome<Result> = { result: Result } | { error: unknown };

export interface RowWork<Row, Result> {
  /** The work itself; the signal is aborted when the row is forgotten while it runs. */
  run(row: Row, signal: AbortSignal): Promise<Result>;
  /** Hears each row whose work succeeded and was not forgotten meanwhile. */
  onFilled(rowKey: string, result: Result): void;
  onFailure(rowKey: string, error: unknown): void;
}

interface Entry<Row, Result> {
  row: Row;
  state: 'queued' | 'running' | 'settled';
  outcome?: RowOutcome<Result>;
  controller: AbortController;
  /** Settles with the outcome, or with undefined when the row is cancelled or forgotten first. */
  done: Promise<RowOutcome<Result> | undefined>;
  resolve(outcome: RowOutcome<Result> | undefined): void;
}

/** True when collapsing or refreshing the row `rowKey` concerns `row`: it is that row or listed under it. */
export function concerns(rowKey: string, row: QueuedRow): boolean {
  return row.key === rowKey || row.ancestors.includes(rowKey);
}

/** The keys of the rows `key` is listed under, nearest first, as `parentOf` (the tree's own record) tells them. */
export function ancestorKeys(key: string, parentOf: (key: string) => { key: string } | undefined): string[] {
  const keys: string[] = [];
  for (let parent = parentOf(key); parent && !keys.includes(parent.key); parent = parentOf(parent.key)) keys.push(parent.key);
  return keys;
}

export class RowQueue<Row extends QueuedRow, Result> {
  /** Every row asked about (queued, running or settled, failed too): not worked on again until forgotten. */
  private readonly entries = new Map<string, Entry<Row, Result>>();
  private queue: Entry<Row, Result>[] = [];
  /** Work started and not yet settled, forgotten rows' too: a slot is free only once its request is over. */
  private running = 0;

  constructor(private readonly work: RowWork<Row, Result>, private readonly concurrency: number) {}

  /** The row's result, once its work succeeded. */
  result(rowKey: string): Result | undefined {
    const outcome = this.entries.get(rowKey)?.outcome;
    return outcome && 'result' in outcome ? outcome.result : undefined;
  }

  /** True once a row's work succeeded or failed: what the row will show is decided. */
  settled(rowKey: string): boolean {
    return this.entries.get(rowKey)?.state === 'settled';
  }

  /** True while rows listed directly under `rowKey` are queued or worked on. */
  busyUnder(rowKey: string): boolean {
    for (const entry of this.entries.values()) if (entry.state !== 'settled' && entry.row.ancestors[0] === rowKey) return true;
    return false;
  }

  /** The row's outcome, worked out at most once until it is forgotten; `urgent` (a hover) goes before queued rows. */
  request(row: Row, urgent = false): Promise<RowOutcome<Result> | undefined> {
    const asked = this.entries.get(row.key);
    if (asked) {
      if (urgent && asked.state === 'queued') this.queue.unshift(...this.queue.splice(this.queue.indexOf(asked), 1));
      return asked.done;
    }
    let resolve!: Entry<Row, Result>['resolve'];
    const done = new Promise<RowOutcome<Result> | undefined>((settle) => (resolve = settle));
    const entry: Entry<Row, Result> = { row, state: 'queued', controller: new AbortController(), done, resolve };
    this.entries.set(row.key, entry);
    if (urgent) this.queue.unshift(entry);
    else this.queue.push(entry);
    this.pump();
    return done;
  }

  /** Drops queued (not yet started) rows of a collapsed row; they are asked again when shown again. */
  cancelQueued(rowKey: string): void {
    const cancelled = this.queue.filter((entry) => concerns(rowKey, entry.row));
    this.queue = this.queue.filter((entry) => !concerns(rowKey, entry.row));
    for (const entry of cancelled) this.drop(entry);
  }

  /** Drops what is known, queued or running for a refreshed row (itself and the rows under it), or everything. */
  forget(rowKey?: string): void {
    for (const entry of [...this.entries.values()]) {
      if (rowKey !== undefined && !concerns(rowKey, entry.row)) continue;
      this.drop(entry);
      entry.controller.abort();
    }
    this.queue = this.queue.filter((entry) => this.entries.get(entry.row.key) === entry);
  }

  private drop(entry: Entry<Row, Result>): void {
    this.entries.delete(entry.row.key);
    entry.resolve(undefined);
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      entry.state = 'running';
      this.running++;
      void this.run(entry);
    }
  }

  private async run(entry: Entry<Row, Result>): Promise<void> {
    let outcome: RowOutcome<Result>;
    try {
      outcome = { result: await this.work.run(entry.row, entry.controller.signal) };
    } catch (error) {
      outcome = { error };
    }
    this.running--;
    this.pump();
    // A row forgotten meanwhile (a refresh) was settled as dropped already: its outcome goes nowhere.
    if (this.entries.get(entry.row.key) !== entry) return;
    entry.state = 'settled';
    entry.outcome = outcome;
    if ('result' in outcome) this.work.onFilled(entry.row.key, outcome.result);
    else this.work.onFailure(entry.row.key, outcome.error);
    entry.resolve(outcome);
  }
}
