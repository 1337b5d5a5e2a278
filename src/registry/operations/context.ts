// What every operation needs: the endpoint's transport, the log, and small shared helpers.
import type { LogSink } from '../types';
import { RegistryError } from '../errors';
import { validateRepositoryName } from '../reference';
import type { RegistryTransport } from '../transport/transport';
import type { KeyedQueue } from './keyedQueue';

export interface OperationContext {
  transport: RegistryTransport;
  log?: LogSink;
  /** True when the registry offers ACR's /acr/v1 API (decided once, lazily). */
  isAcr(signal?: AbortSignal): Promise<boolean>;
  /** True when the registry is already known to be ACR (by its host, an Entra sign-in, or a probe that ran); never starts a probe. */
  knownAcr(): Promise<boolean>;
  /** Per repository: whether the registry serves the referrers API, once an answer has told. */
  referrersApi: Map<string, boolean>;
  /** Read-modify-write updates of one referrers tag run one at a time within a client. */
  referrersTagUpdates: KeyedQueue;
}

/** `/v2/<repo>/…` with each path segment of the repository kept as is (names are validated first). */
export function repoPath(repository: string, rest: string): string {
  validateRepositoryName(repository);
  return `/v2/${repository}/${rest}`;
}

export { parseJsonBytes as parseJson } from '../json';

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RegistryError(`${what}: expected a JSON object`);
  return value as Record<string, unknown>;
}

/** A cursor URL must point at the registry it came from; anything else is refused. */
export function checkCursorUrl(transport: RegistryTransport, url: string): string {
  const resolved = transport.resolve(url);
  if (new URL(resolved).origin !== transport.origin) throw new RegistryError('refusing a page cursor that points at another host');
  return resolved;
}
