// Transport rules that need no registry: redirects, log redaction, Retry-After parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { RegistryTransport } from '../../src/registry/transport/transport';
import { redactHeaderForLog, redactUrlForLog } from '../../src/registry/transport/redact';
import { parseRetryAfter } from '../../src/registry/transport/retryPolicy';

test('absolute URLs from the registry (upload Locations, redirects) get no plain HTTP to another host', async () => {
  const sent: string[] = [];
  // Answers every request with a redirect to plain HTTP on another host; records what reached the network.
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      sent.push(`${request.method} ${request.url}`);
      return { request, status: 307, headers: createHttpHeaders({ location: 'http://storage.example/blob' }) };
    },
  };
  const transport = new RegistryTransport({ host: 'registry.example.com', auth: { kind: 'anonymous' } }, { httpClient });
  await assert.rejects(transport.send({ method: 'PATCH', url: 'http://storage.example/upload/1', body: Buffer.from('layer') }), /refusing plain HTTP to storage\.example/);
  assert.deepEqual(sent, [], 'nothing may be sent over plain HTTP');
  await assert.rejects(transport.send({ method: 'GET', url: '/v2/r/blobs/sha256:1' }), /refusing a redirect from HTTPS to plain HTTP/);
  const loopback = new RegistryTransport({ host: '127.0.0.1:5000', auth: { kind: 'anonymous' } }, { httpClient });
  await assert.rejects(loopback.send({ method: 'GET', url: '/v2/r/blobs/sha256:1' }), /refusing plain HTTP to storage\.example/);
  assert.deepEqual(sent, ['GET https://registry.example.com/v2/r/blobs/sha256:1', 'GET http://127.0.0.1:5000/v2/r/blobs/sha256:1']);
  const insecure = new RegistryTransport({ host: 'registry.lan:5000', insecure: true, auth: { kind: 'anonymous' } }, { httpClient, retry: { maxRetries: 0 } });
  await assert.rejects(insecure.send({ method: 'GET', url: '/v2/' }), /too many redirects/, 'insecure registries may send plain HTTP elsewhere');
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
