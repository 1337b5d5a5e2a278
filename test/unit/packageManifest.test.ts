import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] }; virtualWorkspaces?: unknown };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;
/** Settings a workspace must not be able to set: which hosts get contacted, how, with which sign-in, where files go. */
const USER_ONLY = [
  'registryExplorer.registries', 'registryExplorer.caCertificates', 'registryExplorer.downloadFolder', 'registryExplorer.azureAudience', 'registryExplorer.azureAuthenticationProvider',
  'registryExplorer.azureCloud', 'registryExplorer.azureResourceManagerUrl',
];

test('every setting declares a scope; registries, sign-in, CA and download settings are user-only', () => {
  for (const [name, schema] of Object.entries(properties)) assert.ok(schema.scope, `${name} has no scope`);
  for (const name of USER_ONLY) {
    assert.ok(properties[name], `${name} is not contributed`);
    assert.ok(['application', 'machine'].includes(properties[name].scope ?? ''), `${name} has scope ${properties[name].scope}`);
  }
  const sensitive = Object.keys(properties).filter((name) => /registries|insecure|ca|cert|proxy|auth|azure|credential|trust|folder/i.test(name.split('.')[1]));
  for (const name of sensitive) assert.ok(['application', 'machine'].includes(properties[name].scope ?? ''), `${name} has scope ${properties[name].scope}`);
});

test('the extension declares how it runs in untrusted and virtual workspaces', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.ok(untrusted, 'capabilities.untrustedWorkspaces is missing');
  assert.equal(untrusted.supported, 'limited');
  assert.ok(untrusted.description && untrusted.description.length > 20);
  for (const name of USER_ONLY) assert.ok(untrusted.restrictedConfigurations?.includes(name), `${name} is not restricted`);
  assert.notEqual(manifest.capabilities?.virtualWorkspaces, undefined, 'capabilities.virtualWorkspaces is missing');
});
