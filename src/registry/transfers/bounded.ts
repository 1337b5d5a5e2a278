// Whole-image transfers move several blobs at once, a bounded number: the registry and both cores
// stay busy while one blob waits on the network. The first failure stops the others, and nothing
// returns while a transfer is still running (a caller then cleans up knowing nothing writes on).
import type { ProgressEvent } from '../types';
import { AbortedError } from '../errors';

/** Blobs in flight at once unless the caller says otherwise (skopeo keeps up to 6). */
export const DEFAULT_TRANSFER_CONCURRENCY = 4;
/** More would only add memory and connections: the registry serves a few streams at full speed. */
export const MAX_TRANSFER_CONCURRENCY = 32;

/**
 * Runs `work` for every item with at most `concurrency` running. The signal handed to `work` aborts
 * on the caller's signal or the first failure; after everything has settled the first failure is
 * thrown (AbortedError when the caller cancelled).
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number | undefined,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<void>,
  what: string,
): Promise<void> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop.signal.aborted) {
      const item = items[next++];
      try {
        await work(item, stop.signal);
      } catch (error) {
        failure ??= error;
        stop.abort(error);
      }
    }
  };
  try {
    const workers = Math.max(1, Math.min(Math.floor(concurrency ?? DEFAULT_TRANSFER_CONCURRENCY), MAX_TRANSFER_CONCURRENCY, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw failure instanceof AbortedError ? failure : new AbortedError(`${what} cancelled`);
  if (failure !== undefined) throw failure;
}

/**
 * Bytes over many blobs moving at once: each blob's own count, summed. The sum reported never goes
 * backwards, even when one blob's download restarts.
 */
export class ByteProgress {
  private readonly moved = new Map<string, number>();
  private sum = 0;
  private reported = -1;

  constructor(private readonly total: number, private readonly onProgress?: (event: ProgressEvent) => void) {
    this.report();
  }

  /** Bytes of every blob so far. */
  get transferred(): number {
    return this.sum;
  }

  /** `transferred` bytes of the blob `key` (of `size`) so far. */
  update(key: string, transferred: number, size: number): void {
    const now = Math.min(Math.max(transferred, 0), size);
    this.sum += now - (this.moved.get(key) ?? 0);
    this.moved.set(key, now);
    this.report();
  }

  private report(): void {
    if (this.sum <= this.reported) return;
    this.reported = this.sum;
    this.onProgress?.({ transferred: this.sum, total: this.total });
  }
}
