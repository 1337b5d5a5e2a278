import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextLinkUrl } from '../../src/registry/link';

const REQUEST = 'http://127.0.0.1:5000/v2/_catalog?n=2';

test('relative next links resolve against the request URL', () => {
  assert.equal(nextLinkUrl('</v2/_catalog?last=b&n=2>; rel="next"', REQUEST), 'http://127.0.0.1:5000/v2/_catalog?last=b&n=2');
  assert.equal(nextLinkUrl('<?last=b&n=2>; rel=next', REQUEST), 'http://127.0.0.1:5000/v2/_catalog?last=b&n=2');
});

test('only rel="next" is followed, among several links', () => {
  const header = '</v2/_catalog?first>; rel="first", </v2/_catalog?last=c&n=2>; rel="prev next"';
  assert.equal(nextLinkUrl(header, REQUEST), 'http://127.0.0.1:5000/v2/_catalog?last=c&n=2');
  assert.equal(nextLinkUrl('</v2/_catalog?x>; rel="prev"', REQUEST), undefined);
  assert.equal(nextLinkUrl('</v2/_catalog?a,b>; title="x, y"; rel="next"', REQUEST), 'http://127.0.0.1:5000/v2/_catalog?a,b');
});

test('cross-origin links are refused', () => {
  assert.equal(nextLinkUrl('<http://evil.example/v2/_catalog?last=b>; rel="next"', REQUEST), undefined);
  assert.equal(nextLinkUrl('<https://127.0.0.1:5000/v2/_catalog?last=b>; rel="next"', REQUEST), undefined);
  assert.equal(nextLinkUrl('<//evil.example/x>; rel="next"', REQUEST), undefined);
  assert.equal(nextLinkUrl('<http://127.0.0.1:5001/v2/_catalog>; rel="next"', REQUEST), undefined);
});

test('missing, malformed or huge headers give undefined', () => {
  for (const header of [undefined, null, '', 'garbage', '<unterminated; rel="next"', `<${'a'.repeat(20_000)}>; rel="next"`]) {
    assert.equal(nextLinkUrl(header, REQUEST), undefined);
  }
  assert.equal(nextLinkUrl('</x>; rel="next"', 'not a url'), undefined);
});
