import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseRegistryLocation } from '../../src/registry/reference';
import { canonicalRegistryUrl, hostOf, secretKey } from '../../src/ui/registryLocation';

test('Add Registry accepts and refuses exactly what the client grammar does', () => {
  const inputs = [
    'https://myregistry.azurecr.io', 'http://127.0.0.1:5000', 'ghcr.io', 'localhost:5000/', 'HTTPS://Registry.Example.COM',
    'https://my_registry.example', 'https://registry.example?x=1', 'https://registry.example#f', 'https://registry.example:99999',
    'https://user:pw@registry.example', 'https://registry.example/path', 'ftp://registry.example', 'registry example', '',
  ];
  for (const input of inputs) {
    let expected: string | Error;
    try {
      expected = parseRegistryLocation(input).host;
    } catch (error) {
      expected = error as Error;
    }
    if (expected instanceof Error) assert.throws(() => hostOf(input), { message: expected.message }, input);
    else assert.equal(hostOf(input), expected, input);
  }
});

test('the stored URL names the scheme and the normalized host only', () => {
  assert.equal(canonicalRegistryUrl(' HTTPS://Registry.Example.COM:443/ '), 'https://registry.example.com:443');
  assert.equal(canonicalRegistryUrl('127.0.0.1:5000'), 'https://127.0.0.1:5000');
  assert.equal(canonicalRegistryUrl('http://10.0.0.5:5000'), 'http://10.0.0.5:5000');
  assert.throws(() => canonicalRegistryUrl('https://registry.example?x=1'));
});

test('a secret is keyed by host and username', () => {
  assert.notEqual(secretKey({ url: 'https://r.example', username: 'a' }), secretKey({ url: 'https://r.example', username: 'b' }));
  assert.equal(secretKey({ url: 'https://R.example/' }), secretKey({ url: 'r.example' }));
});
