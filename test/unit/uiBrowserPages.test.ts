import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webPageOf } from '../../src/ui/browserPages';

test('Docker Hub: official images under _/, others under r/, tags filtered on the tags page', () => {
  assert.deepEqual(webPageOf('https://registry-1.docker.io'), { url: 'https://hub.docker.com/' });
  assert.deepEqual(webPageOf('https://docker.io', 'library/alpine'), { url: 'https://hub.docker.com/_/alpine' });
  assert.deepEqual(webPageOf('https://index.docker.io', 'library/alpine', '3.20'), { url: 'https://hub.docker.com/_/alpine/tags?name=3.20' });
  assert.deepEqual(webPageOf('https://registry-1.docker.io', 'bitnami/redis'), { url: 'https://hub.docker.com/r/bitnami/redis' });
  assert.deepEqual(webPageOf('https://registry-1.docker.io', 'bitnami/redis', '7.2'), { url: 'https://hub.docker.com/r/bitnami/redis/tags?name=7.2' });
});

test('Quay: the repository page, and its tag view', () => {
  assert.deepEqual(webPageOf('https://quay.io'), { url: 'https://quay.io/' });
  assert.deepEqual(webPageOf('https://quay.io', 'prometheus/node-exporter'), { url: 'https://quay.io/repository/prometheus/node-exporter' });
  assert.deepEqual(webPageOf('https://quay.io', 'prometheus/node-exporter', 'v1.8.0'), { url: 'https://quay.io/repository/prometheus/node-exporter?tab=tags&tag=v1.8.0' });
});

test('GHCR: the image URL, which GitHub turns into the package page; no page for the registry alone', () => {
  assert.equal(webPageOf('https://ghcr.io'), undefined);
  assert.deepEqual(webPageOf('https://ghcr.io', 'owner/tool'), { url: 'https://ghcr.io/owner/tool' });
  assert.deepEqual(webPageOf('https://ghcr.io', 'owner/group/tool', 'v1'), { url: 'https://ghcr.io/owner/group/tool' });
});

test('Azure: the portal\'s list of registries (a registry\'s own page needs its subscription and resource group), naming the one to pick', () => {
  const expected = { url: 'https://portal.azure.com/#browse/Microsoft.ContainerRegistry%2Fregistries', pickInList: 'myregistry' };
  assert.deepEqual(webPageOf('https://myregistry.azurecr.io', 'team/app'), expected);
  assert.deepEqual(webPageOf('https://myregistry.azurecr.io'), expected);
});

test('other registries (self-hosted, loopback, an unparsable URL) have no page', () => {
  assert.equal(webPageOf('http://127.0.0.1:5000', 'samples/hello'), undefined);
  assert.equal(webPageOf('https://harbor.example.com', 'project/app'), undefined);
  assert.equal(webPageOf('not a url at all', 'x'), undefined);
});
