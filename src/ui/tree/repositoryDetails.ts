// Repository rows are drawn from the catalog page at once; ACR's counts, times and locks for each
// row (one request per repository) follow a few at a time (RowQueue), so a page of a hundred
// repositories shows after one request, not after twenty-five rounds of them. No vscode import.
import type { RepositoryInfo } from '../../registry/types';
import { RowQueue, type QueuedRow } from './rowQueue';

/** Repository details requests in flight at once. */
export const REPOSITORY_DETAILS_CONCURRENCY = 4;

export interface RepositoryDetailsRow extends QueuedRow {
  fetch(signal: AbortSignal): Promise<RepositoryInfo>;
}

/** Rows queued, in flight, failed or filled are not asked again until forgotten; a refresh aborts what is in flight. */
export class RepositoryDetailsLoader extends RowQueue<RepositoryDetailsRow, RepositoryInfo> {
  constructor(
    /** Hears each row whose details arrived. */
    onFilled: (rowKey: string) => void,
    onFailure: (rowKey: string, error: unknown) => void,
    concurrency = REPOSITORY_DETAILS_CONCURRENCY,
  ) {
    super({ run: (row, signal) => row.fetch(signal), onFilled: (key) => onFilled(key), onFailure }, concurrency);
  }

  info(rowKey: string): RepositoryInfo | undefined {
    return this.result(rowKey);
  }
}
