// Bearer tokens that stop working before their stated expiry, as the fault proxy plays it: a token
// is expired on request, but only once it has worked for a while (one refused as soon as it is
// issued would be a different fault); every later use of it is refused.
const MIN_TOKEN_LIFE_MS = 1_000;

export class EarlyTokenExpiry {
  private readonly firstUses = new Map<string, number>();
  private readonly expired = new Set<string>();
  /** Requests that presented an expired token. */
  refused = 0;

  /** Records a use of `token`; expires it first when asked and old enough. True when this call expired it. */
  use(token: string, expireNow: boolean): boolean {
    const firstUse = this.firstUses.get(token);
    if (firstUse === undefined) this.firstUses.set(token, Date.now());
    const expiring = expireNow && firstUse !== undefined && Date.now() - firstUse >= MIN_TOKEN_LIFE_MS && !this.expired.has(token);
    if (expiring) this.expired.add(token);
    if (this.expired.has(token)) this.refused++;
    return expiring;
  }

  isExpired(token: string): boolean {
    return this.expired.has(token);
  }
}
