// The soak's randomness, all derived from one seed: content, which transfers are cancelled when, and
// which fault each request meets. A request's fault depends only on the seed, its method and path
// and how many times that path was asked for before, so concurrency does not reshuffle the faults.
import { createCipheriv, createHash } from 'node:crypto';
import type { Fault, ProxiedRequest } from '../harness/faultProxy';

/** CRX_SOAK_SEED replays a run; otherwise a fresh one. */
export function soakSeed(): number {
  const given = process.env.CRX_SOAK_SEED;
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`CRX_SOAK_SEED must be a non-negative integer, not ${JSON.stringify(given)}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 32);
}

/** mulberry32: small, fast and good enough to pick faults and sizes. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function keyedPrng(seed: number, key: string): () => number {
  return prng(createHash('sha256').update(`${seed}\n${key}`).digest().readUInt32BE(0));
}

/** Seeded pseudo-random bytes (AES-CTR over zeros: fast enough for megabytes). */
export function seededBytes(seed: number, label: string, length: number): Buffer {
  const key = createHash('sha256').update(`${seed}\n${label}`).digest();
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(length));
}

/** Log-uniform between min and max, so small and large sizes are both common. */
export function sizeBetween(random: () => number, min: number, max: number): number {
  return Math.round(min * (max / min) ** random());
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export interface FaultScheduleOptions {
  /** Share of requests that meet a fault. */
  rate: number;
  /** Share of requests whose bearer token stops working from then on (the proxy spares tokens younger than a second). */
  tokenExpiryRate: number;
  /** How long a stall lasts; Infinity means until the client gives up. */
  stallMs(random: () => number): number;
}

/** Upload session paths carry a random id and the `_state` query changes: key on what is stable. */
function requestKey(request: ProxiedRequest): string {
  const path = request.url.split('?', 1)[0].replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/*');
  return `${request.method} ${path}`;
}

export class FaultSchedule {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly options: FaultScheduleOptions,
  ) {}

  chooseFault(request: ProxiedRequest): Fault | undefined {
    const key = requestKey(request);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    const random = keyedPrng(this.seed, `${key}#${occurrence}`);
    // Drawn for every request, so that the other draws do not depend on whether it carried a token.
    const expireToken = random() < this.options.tokenExpiryRate;
    if (expireToken && request.hasBearer) return { kind: 'expireToken' };
    if (random() >= this.options.rate) return undefined;
    const roll = random();
    const at = random();
    if (roll < 0.25) {
      const status = pick(random, [429, 500, 502, 503] as const);
      const retryAfter = random() < 0.5 ? undefined : pick(random, ['0', '1', '2', 'date']);
      return { kind: 'status', status, retryAfter: retryAfter === 'date' ? new Date(Date.now() + 1_500).toUTCString() : retryAfter };
    }
    if (roll < 0.33) return { kind: 'dropBeforeHeaders' };
    if (roll < 0.4) return request.bodyLength > 0 ? { kind: 'dropRequest', at } : { kind: 'dropBody', at };
    if (roll < 0.5) return { kind: 'stallHeaders', ms: this.options.stallMs(random) };
    if (roll < 0.65) return { kind: 'dropBody', at };
    if (roll < 0.75) return { kind: 'stallBody', at, ms: this.options.stallMs(random) };
    if (roll < 0.87) {
      return { kind: 'shortBody', at: random() < 0.3 ? 1 : at, extra: 1 + Math.floor(random() * 4096), closeAfterMs: random() < 0.5 ? 0 : Math.floor(random() * 500) };
    }
    if (roll < 0.93) return { kind: 'corruptByte', at };
    return { kind: 'dropBody', at };
  }
}
