import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RepositoryDetailsLoader } from '../../src/ui/tree/repositoryDetails';
import type { RepositoryInfo } from '../../src/registry/types';

/** Rows whose answers the test hands out one at a time. */
function heldRows() {
  const answers = new Map<string, { resolve(info: RepositoryInfo): void; reject(error: Error): void; signal: AbortSignal }>();
  const row = (key: string) => ({
    key,
    ancestors: ['r'],
    fetch: (signal: AbortSignal) => new Promise<RepositoryInfo>((resolve, reject) => answers.set(key, { resolve, reject, signal })),
  });
  return { answers, row };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('repository details: a few at a time, each row filled as its answer comes, a failure leaves it bare', async () => {
  const filled: string[] = [];
  const failed: string[] = [];
  const loader = new RepositoryDetailsLoader((key) => filled.push(key), (key) => failed.push(key), 2);
  const { answers, row } = heldRows();
  for (const key of ['r/a', 'r/b', 'r/c']) loader.request(row(key));
  loader.request(row('r/a'));
  assert.deepEqual([...answers.keys()], ['r/a', 'r/b'], 'two in flight, the third waits');
  answers.get('r/b')!.resolve({ name: 'b', tagCount: 2 });
  await tick();
  assert.deepEqual(filled, ['r/b']);
  assert.equal(loader.info('r/b')?.tagCount, 2);
  assert.ok(answers.has('r/c'), 'the freed slot goes to the next row');
  answers.get('r/a')!.reject(new Error('404'));
  await tick();
  assert.deepEqual(failed, ['r/a']);
  assert.equal(loader.info('r/a'), undefined);
});

test('repository details: collapsing drops only queued rows of that row; forgetting aborts what is in flight and drops its answer', async () => {
  const filled: string[] = [];
  const loader = new RepositoryDetailsLoader((key) => filled.push(key), () => undefined, 1);
  const { answers, row } = heldRows();
  loader.request(row('r/a'));
  loader.request(row('r/b'));
  loader.cancelQueued('r/a');
  answers.get('r/a')!.resolve({ name: 'a', tagCount: 1 });
  await tick();
  assert.deepEqual(filled, ['r/a']);
  assert.ok(answers.has('r/b'), 'a collapsed repository row (a prefix of its sibling\'s key) left the sibling queued');
  loader.request(row('r/c'));
  loader.cancelQueued('r');
  loader.forget('r');
  assert.ok(answers.get('r/b')!.signal.aborted);
  assert.ok(!answers.has('r/c'));
  answers.get('r/b')!.resolve({ name: 'b', tagCount: 1 });
  await tick();
  assert.deepEqual(filled, ['r/a'], 'a forgotten row is not filled');
  assert.equal(loader.info('r/a'), undefined);
  loader.request(row('r/c'));
  assert.ok(answers.has('r/c'), 'asked again once shown again');
});
