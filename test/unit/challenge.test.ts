import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findChallenge, isInsufficientScope, mergeScopes, parseWwwAuthenticate, scopeForRepository, scopesCover } from '../../src/registry/challenge';

test('parses a docker-registry bearer challenge', () => {
  const [c] = parseWwwAuthenticate('Bearer realm="http://127.0.0.1:1/token",service="reg",scope="repository:a/b:pull,push"');
  assert.equal(c.scheme, 'bearer');
  assert.deepEqual({ ...c.params }, { realm: 'http://127.0.0.1:1/token', service: 'reg', scope: 'repository:a/b:pull,push' });
});

test('several challenges, case-insensitive scheme and names, commas and escapes inside quotes', () => {
  const list = parseWwwAuthenticate('BASIC Realm="a, \\"quoted\\" b", bearer realm="https://x/t" , SERVICE=reg,scope="s1 s2", Negotiate abc+/==');
  assert.equal(list.length, 3);
  assert.equal(list[0].scheme, 'basic');
  assert.equal(list[0].params.realm, 'a, "quoted" b');
  assert.equal(findChallenge(list, 'Bearer')?.params.service, 'reg');
  assert.equal(findChallenge(list, 'bearer')?.params.scope, 's1 s2');
  assert.equal(list[2].token68, 'abc+/==');
});

test('insufficient_scope is detected', () => {
  const [c] = parseWwwAuthenticate('Bearer realm="r",service="s",scope="registry:catalog:*",error="insufficient_scope"');
  assert.ok(isInsufficientScope(c));
  assert.ok(!isInsufficientScope(parseWwwAuthenticate('Bearer realm="r"')[0]));
});

test('garbage and hostile input never throws and stays linear', () => {
  for (const header of ['', ',,,', '=', '"', 'Bearer realm="unterminated', 'Bearer ,,, realm=', '===', '\u0000\u0001', 'Bearer realm="a"garbage"b",x=y']) {
    assert.doesNotThrow(() => parseWwwAuthenticate(header));
  }
  assert.equal(parseWwwAuthenticate('Bearer realm="unterminated')[0].params.realm, 'unterminated');
  const params = { ...parseWwwAuthenticate('Bearer __proto__="x", constructor="y"')[0].params };
  assert.equal(params.__proto__, 'x');
  assert.equal(({} as Record<string, unknown>).x, undefined);
  const started = Date.now();
  for (const hostile of ['Bearer ' + 'a=b,'.repeat(50_000), '"'.repeat(200_000), 'Bearer realm="' + '\\"'.repeat(100_000), 'a '.repeat(100_000), ','.repeat(300_000)]) {
    parseWwwAuthenticate(hostile);
  }
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});

test('scopes: build, merge, cover', () => {
  assert.equal(scopeForRepository('a/b', ['pull', 'push']), 'repository:a/b:pull,push');
  assert.deepEqual(mergeScopes(['repository:r:push', 'repository:r:pull', 'repository:src:pull']), ['repository:r:pull,push', 'repository:src:pull']);
  assert.deepEqual(mergeScopes(['repository:r:pull repository:r:delete', 'repository:r:pull']), ['repository:r:pull,delete']);
  assert.deepEqual(mergeScopes(['registry:catalog:*', '']), ['registry:catalog:*']);
  assert.deepEqual(mergeScopes(['repository:localhost:5000/x:pull']), ['repository:localhost:5000/x:pull']);
  assert.ok(scopesCover(['repository:r:pull,push'], ['repository:r:pull']));
  assert.ok(!scopesCover(['repository:r:pull'], ['repository:r:pull,push']));
  assert.ok(!scopesCover(['repository:r:pull'], ['repository:s:pull']));
  assert.ok(scopesCover(['registry:catalog:*'], ['registry:catalog:*']));
});
