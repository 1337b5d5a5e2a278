// Caches bearer tokens per (realm, service, scope set) until shortly before they expire, and makes
// concurrent callers for the same key share one token request (single-flight).
import { scopesCover } from '../challenge';

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
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

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

  /** The cached token for `key`, or the result of `fetch`, shared with concurrent callers. */
  async getOrFetch(key: string, realmKey: string, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
    const cached = this.get(key);
    if (cached) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = fetch()
      .then((token) => {
        this.set(key, realmKey, token);
        return token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
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
