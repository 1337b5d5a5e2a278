// Transport rules that need no registry: scheme choice, log redaction, Retry-After parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointBaseUrl } from '../../src/registry/transport/transport';
import { redactHeaderForLog, redactUrlForLog } from '../../src/registry/transport/redact';
import { parseRetryAfter } from '../../src/registry/transport/retryPolicy';

test('HTTPS by default; plain HTTP only for loopback or insecure', () => {
  const anonymous = { kind: 'anonymous' } as const;
  assert.equal(endpointBaseUrl({ host: 'registry.example.com', auth: anonymous }), 'https://registry.example.com');
  assert.equal(endpointBaseUrl({ host: '127.0.0.1:5000', auth: anonymous }), 'http://127.0.0.1:5000');
  assert.equal(endpointBaseUrl({ host: 'localhost:5443', scheme: 'https', auth: anonymous }), 'https://localhost:5443');
  assert.equal(endpointBaseUrl({ host: 'registry.lan:5000', insecure: true, auth: anonymous }), 'http://registry.lan:5000');
  assert.throws(() => endpointBaseUrl({ host: 'registry.lan:5000', scheme: 'http', auth: anonymous }), /refusing plain HTTP/);
});

test('log redaction keeps paths and harmless query values only', () => {
  assert.equal(
    redactUrlForLog('https://user:pw@storage.example/blob?sig=abc&se=2030&digest=sha256:1'),
    'https://storage.example/blob?sig=***&se=***&digest=sha256%3A1',
  );
  assert.equal(redactUrlForLog('http://r/v2/_catalog?n=10&last=a'), 'http://r/v2/_catalog?n=10&last=a');
  assert.equal(redactHeaderForLog('Authorization', 'Bearer abc.def'), '***');
  assert.equal(redactHeaderForLog('location', 'https://s.example/x?token=abc'), 'https://s.example/x?token=***');
  assert.equal(redactHeaderForLog('location', '/v2/r/blobs/uploads/1?_state=secret'), '/v2/r/blobs/uploads/1?_state=***');
});

test('Retry-After as seconds or HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10_000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});
