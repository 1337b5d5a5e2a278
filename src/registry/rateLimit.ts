// Rate limits in plain words. A 429 carries what the server says about its limit: `Retry-After`
// (seconds or a date), Docker Hub API's `X-Retry-After` and `X-RateLimit-Reset` (Unix times) and
// `X-RateLimit-Remaining`/`-Limit`, and the registry's `RateLimit-Remaining`/`-Limit` (`N;w=seconds`).

export interface RateLimitFacts {
  /** When the server says requests may start again (ms since the epoch). */
  retryAt?: number;
  remaining?: number;
  limit?: number;
  /** Length of the window the limit counts in, seconds. */
  windowSeconds?: number;
}

interface Headers { get(name: string): string | undefined }

/** Seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function unixTime(value: string | undefined): number | undefined {
  return value && /^\d{9,11}$/.test(value.trim()) ? Number(value.trim()) * 1000 : undefined;
}

/** `100;w=21600` → 100 and 21600; `42` → 42. */
function quota(value: string | undefined): { count?: number; window?: number } {
  const match = value ? /^\s*(\d+)(?:\s*;\s*w=(\d+))?/.exec(value) : null;
  return match ? { count: Number(match[1]), window: match[2] ? Number(match[2]) : undefined } : {};
}

export function rateLimitFacts(headers: Headers, now = Date.now()): RateLimitFacts {
  const after = parseRetryAfter(headers.get('retry-after'), now);
  const remaining = quota(headers.get('ratelimit-remaining') ?? headers.get('x-ratelimit-remaining'));
  const limit = quota(headers.get('ratelimit-limit') ?? headers.get('x-ratelimit-limit'));
  const facts: RateLimitFacts = {
    retryAt: unixTime(headers.get('x-retry-after')) ?? (after !== undefined ? now + after : undefined) ?? unixTime(headers.get('x-ratelimit-reset')),
    remaining: remaining.count,
    limit: limit.count,
    windowSeconds: limit.window ?? remaining.window,
  };
  for (const key of Object.keys(facts) as Array<keyof RateLimitFacts>) if (facts[key] === undefined) delete facts[key];
  return facts;
}

function windowText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** `registry-1.docker.io allows no more requests for now (rate limit: 0 of 100 left per 6 hours); try again after 14:05 UTC` */
export function rateLimitText(host: string, facts: RateLimitFacts | undefined, now = Date.now()): string {
  const parts: string[] = [];
  if (facts?.limit !== undefined) {
    parts.push(`${facts.remaining ?? 0} of ${facts.limit} left${facts.windowSeconds ? ` per ${windowText(facts.windowSeconds)}` : ''}`);
  }
  const quotaText = parts.length ? `rate limit: ${parts.join(', ')}` : 'HTTP 429 Too Many Requests';
  const retryAt = facts?.retryAt;
  const when = retryAt !== undefined && retryAt > now
    ? `try again after ${new Date(retryAt).toISOString().slice(11, 16)} UTC`
    : 'try again later';
  return `${host} allows no more requests for now (${quotaText}); ${when}`;
}
