// A 429 in plain words: what the server said about its limit (Docker Hub API's X-Retry-After and
// X-RateLimit-*, the registry's RateLimit-* with their windows, Retry-After) and when to try again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError, RetryExhaustedError } from '../../src/registry/errors';
import { plainWords } from '../../src/registry/plainWords';
import { rateLimitFacts, rateLimitText } from '../../src/registry/rateLimit';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

test('the registry\'s RateLimit headers give the quota and its window', () => {
  const facts = rateLimitFacts(headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }), NOW);
  assert.deepEqual(facts, { remaining: 0, limit: 100, windowSeconds: 21600 });
  assert.equal(rateLimitText('registry-1.docker.io', facts, NOW), 'registry-1.docker.io allows no more requests for now (rate limit: 0 of 100 left per 6 hours); try again later');
});

test('the Hub API\'s X-Retry-After (a Unix time) says when; Retry-After in seconds too', () => {
  const hub = rateLimitFacts(headers({ 'x-retry-after': String(NOW / 1000 + 300), 'x-ratelimit-limit': '180', 'x-ratelimit-remaining': '0' }), NOW);
  assert.deepEqual(hub, { retryAt: NOW + 300_000, remaining: 0, limit: 180 });
  assert.equal(rateLimitText('hub.docker.com', hub, NOW), 'hub.docker.com allows no more requests for now (rate limit: 0 of 180 left); try again after 12:05 UTC');
  assert.deepEqual(rateLimitFacts(headers({ 'retry-after': '60' }), NOW), { retryAt: NOW + 60_000 });
  assert.deepEqual(rateLimitFacts(headers({}), NOW), {});
});

test('a 429 that outlasted the retries, or came straight back, reads as a rate limit naming the host', () => {
  const url = 'https://registry-1.docker.io/v2/library/alpine/manifests/latest';
  const exhausted = new RetryExhaustedError('gave up after 5 attempts: …', {
    status: 429, method: 'GET', url, details: { rateLimit: { remaining: 0, limit: 100, windowSeconds: 21600 } },
  });
  assert.equal(plainWords(exhausted, { trustCa: '-', rateLimited: 'sign in for more' }),
    'registry-1.docker.io allows no more requests for now (rate limit: 0 of 100 left per 6 hours); try again later (sign in for more)');
  const direct = new RegistryError('too many requests', { status: 429, method: 'GET', url: 'https://hub.docker.com/v2/namespaces/x/repositories' });
  assert.equal(plainWords(direct, { trustCa: '-' }), 'hub.docker.com allows no more requests for now (HTTP 429 Too Many Requests); try again later');
  assert.equal(plainWords(new RegistryError('other', { status: 500, url }), { trustCa: '-' }), undefined);
});
