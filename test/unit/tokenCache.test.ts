import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenCache, expiryFrom } from '../../src/registry/auth/tokenCache';
import { AbortedError } from '../../src/registry/errors';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('expiryFrom: default 60 s, minus a skew of at most 10 s or a quarter of the life', () => {
  assert.equal(expiryFrom(0, undefined), 50_000);
  assert.equal(expiryFrom(0, 300), 290_000);
  assert.equal(expiryFrom(0, 8), 6_000);
  assert.equal(expiryFrom(0, -5), 50_000);
});

test('tokens are reused until they expire', async () => {
  const clock = fakeClock();
  const cache = new TokenCache(clock.now);
  let fetches = 0;
  const fetch = async () => ({ token: `t${++fetches}`, scopes: ['repository:a:pull'], expiresAt: expiryFrom(clock.now(), 60) });
  const key = TokenCache.key('realm', ['repository:a:pull']);
  assert.equal((await cache.getOrFetch(key, 'realm', fetch)).token, 't1');
  clock.advance(49_000);
  assert.equal((await cache.getOrFetch(key, 'realm', fetch)).token, 't1');
  assert.equal(cache.findCovering('realm', ['repository:a:pull'])?.token, 't1');
  clock.advance(1_000);
  assert.equal(cache.findCovering('realm', ['repository:a:pull']), undefined);
  assert.equal((await cache.getOrFetch(key, 'realm', fetch)).token, 't2');
  assert.equal(fetches, 2);
});

test('concurrent requests for one key share one fetch; failures are not cached', async () => {
  const clock = fakeClock();
  const cache = new TokenCache(clock.now);
  let fetches = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fetch = async () => {
    fetches++;
    await gate;
    return { token: 'shared', scopes: [], expiresAt: clock.now() + 60_000 };
  };
  const all = Promise.all(Array.from({ length: 10 }, () => cache.getOrFetch('k', 'r', fetch)));
  release();
  assert.deepEqual(new Set((await all).map((t) => t.token)), new Set(['shared']));
  assert.equal(fetches, 1);

  let attempts = 0;
  const failing = async () => {
    attempts++;
    throw new Error('token service down');
  };
  await assert.rejects(cache.getOrFetch('k2', 'r', failing), /down/);
  await assert.rejects(cache.getOrFetch('k2', 'r', failing), /down/);
  assert.equal(attempts, 2);
});

test('findCovering matches broader tokens of the same realm only; invalidateToken drops a refused token', async () => {
  const cache = new TokenCache(() => 0);
  cache.set('k', 'realmA', { token: 'tok', scopes: ['repository:a:pull,push'], expiresAt: 10_000 });
  assert.equal(cache.findCovering('realmA', ['repository:a:pull'])?.token, 'tok');
  assert.equal(cache.findCovering('realmB', ['repository:a:pull']), undefined);
  assert.equal(cache.findCovering('realmA', ['repository:a:delete']), undefined);
  cache.invalidateToken('tok');
  assert.equal(cache.size, 0);
});

test('a shared fetch is independent of any one caller: one abort rejects only that caller', async () => {
  const cache = new TokenCache(() => 0);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let fetchSignal: AbortSignal | undefined;
  const fetch = async (signal: AbortSignal) => {
    fetchSignal = signal;
    await gate;
    return { token: 'shared', scopes: [], expiresAt: 60_000 };
  };
  const first = new AbortController();
  const second = new AbortController();
  const firstWait = cache.getOrFetch('k', 'r', fetch, first.signal);
  const secondWait = cache.getOrFetch('k', 'r', fetch, second.signal);
  first.abort();
  await assert.rejects(firstWait, AbortedError);
  assert.equal(fetchSignal?.aborted, false, 'the other caller still waits for it');
  release();
  assert.equal((await secondWait).token, 'shared');
});

test('a shared fetch is cancelled once every caller has left, and the next caller starts afresh', async () => {
  const cache = new TokenCache(() => 0);
  const signals: AbortSignal[] = [];
  const fetch = (signal: AbortSignal) =>
    new Promise<{ token: string; scopes: string[]; expiresAt: number }>((resolve, reject) => {
      signals.push(signal);
      if (signals.length > 1) resolve({ token: 'fresh', scopes: [], expiresAt: 60_000 });
      signal.addEventListener('abort', () => reject(new Error('stopped')));
    });
  const callers = [new AbortController(), new AbortController()];
  const waits = callers.map((c) => cache.getOrFetch('k', 'r', fetch, c.signal));
  callers[0].abort();
  callers[1].abort();
  for (const wait of waits) await assert.rejects(wait, AbortedError);
  assert.equal(signals[0].aborted, true);
  assert.equal((await cache.getOrFetch('k', 'r', fetch)).token, 'fresh');
  await assert.rejects(cache.getOrFetch('k2', 'r', fetch, AbortSignal.abort()), AbortedError);
});
