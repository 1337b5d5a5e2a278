import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { pullCommand, shellQuote } from '../../src/ui/pullCommand';

test('a plain reference is copied as it is', () => {
  assert.equal(pullCommand('registry.example:5000', 'team/app', { tag: 'v1.2' }), 'docker pull registry.example:5000/team/app:v1.2');
  const digest = `sha256:${'ab'.repeat(32)}`;
  assert.equal(pullCommand('ghcr.io', 'org/app', { digest }), `docker pull ghcr.io/org/app@${digest}`);
});

test('characters a shell would interpret are quoted', () => {
  assert.equal(pullCommand('[::1]:5000', 'app', { tag: 'v1' }), `docker pull '[::1]:5000/app:v1'`);
  assert.equal(shellQuote(`it's $(x)`), `'it'\\''s $(x)'`);
});

test('names outside the reference grammar are refused, not pasted into a shell line', () => {
  assert.throws(() => pullCommand('registry.example', 'app', { tag: 'v1;rm -rf ~' }), /invalid tag/);
  assert.throws(() => pullCommand('registry.example', 'app$(id)', { tag: 'v1' }), /invalid repository name/);
  assert.throws(() => pullCommand('registry.example', '../../etc', { tag: 'v1' }), /invalid repository name/);
  assert.throws(() => pullCommand('evil host', 'app', { tag: 'v1' }), /invalid registry host/);
  assert.throws(() => pullCommand('registry.example', 'app', { digest: 'sha256:abc`id`' }), /invalid digest/);
});
