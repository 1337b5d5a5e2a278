// Caches bearer tokens per (realm, service, scope set) until shortly before they expire, and makes
// concurrent callers for the same key share one token request (single-flight). The shared request
// belongs to no single caller: it is cancelled only when every caller waiting for it has given up,
// and a caller that gives up is answered at once without disturbing the others.
import { scopesCover } from '../challenge';
import { AbortedError } from '../errors';

export interface CachedToken {
  token: string;
  /** Scopes the token was requested for (merged, canonical). */
  scopes: string[];
  /** ms since epoch after which the token is not reused. */
  expiresAt: number;
}

/** Seconds a token is assumed valid when the server does not say (distribution token spec). */
export const DEFAULT_EXPIRES_IN_SECONDS = 60;
const MAX_SKEW_MS = 10_000;
const MAX_ENTRIES = 200;

/** When to stop reusing a token that lives `expiresInSeconds` from `now`: early by 10 s or a quarter of its life. */
export function expiryFrom(now: number, expiresInSeconds: number | undefined): number {
  const seconds = typeof expiresInSeconds === 'number' && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds : DEFAULT_EXPIRES_IN_SECONDS;
  const lifetime = seconds * 1000;
  return now + lifetime - Math.min(MAX_SKEW_MS, lifetime / 4);
}

export class TokenCache {
  private readonly entries = new Map<string, CachedToken & { realmKey: string }>();
  private readonly inFlight = new Map<string, SharedFetch>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(realmKey: string, scopes: readonly string[]): string {
    return `${realmKey}\n${scopes.join(' ')}`;
  }

  get(key: string): CachedToken | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** A valid token from `realmKey` whose scopes cover `needed`, if one is cached. */
  findCovering(realmKey: string, needed: readonly string[]): CachedToken | undefined {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        continue;
      }
      if (entry.realmKey === realmKey && scopesCover(entry.scopes, needed)) return entry;
    }
    return undefined;
  }

  /**
   * The cached token for `key`, or the result of `fetch`, shared with concurrent callers. `fetch`
   * gets a signal of its own that aborts once every caller's `signal` has aborted.
   */
  async getOrFetch(key: string, realmKey: string, fetch: (signal: AbortSignal) => Promise<CachedToken>, signal?: AbortSignal): Promise<CachedToken> {
    const cached = this.get(key);
    if (cached) return cached;
    if (signal?.aborted) throw new AbortedError();
    let shared = this.inFlight.get(key);
    if (!shared) {
      const controller = new AbortController();
      const started: SharedFetch = {
        controller,
        waiting: 0,
        result: fetch(controller.signal)
          .then((token) => {
            this.set(key, realmKey, token);
            return token;
          })
          .finally(() => {
            if (this.inFlight.get(key) === started) this.inFlight.delete(key);
          }),
      };
      // Every caller may have left before it settles; its failure then concerns nobody.
      started.result.catch(() => undefined);
      this.inFlight.set(key, started);
      shared = started;
    }
    return this.await(key, shared, signal);
  }

  /** Waits for `shared` on behalf of one caller; that caller's abort rejects only its own wait. */
  private await(key: string, shared: SharedFetch, signal: AbortSignal | undefined): Promise<CachedToken> {
    shared.waiting++;
    if (!signal) return shared.result;
    return new Promise<CachedToken>((resolve, reject) => {
      const leave = (): void => {
        shared.waiting--;
        reject(new AbortedError());
        if (shared.waiting === 0) {
          // Nobody wants this token any more: stop the request, and let the next caller start afresh.
          if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
          shared.controller.abort();
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.result.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }

  set(key: string, realmKey: string, token: CachedToken): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { ...token, realmKey });
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every token whose value is `token` (e.g. one the registry just refused). */
  invalidateToken(token: string): void {
    for (const [key, entry] of this.entries) if (entry.token === token) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

interface SharedFetch {
  result: Promise<CachedToken>;
  controller: AbortController;
  /** Callers still waiting for `result`; a caller without a signal never leaves. */
  waiting: number;
}
