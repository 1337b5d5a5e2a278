// Which Resource Manager, ARM scope and ACR scope each Azure cloud uses, and what a custom
// Resource Manager URL may be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AZURE_CLOUDS, ResourceManagerUrlError, azureCloud, withResourceManager } from '../../src/registry/azure/clouds';

test('each cloud names its own Resource Manager, ARM scope, ACR scope and login-server suffix', () => {
  assert.deepEqual(
    Object.values(AZURE_CLOUDS).map((c) => [c.name, c.resourceManager, c.resourceManagerScope, c.containerRegistryScope, c.loginServerSuffix]),
    [
      ['AzureCloud', 'https://management.azure.com', 'https://management.azure.com/.default', 'https://containerregistry.azure.net/.default', 'azurecr.io'],
      ['AzureChinaCloud', 'https://management.chinacloudapi.cn', 'https://management.chinacloudapi.cn/.default', 'https://containerregistry.azure.cn/.default', 'azurecr.cn'],
      ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/.default', 'https://containerregistry.azure.us/.default', 'azurecr.us'],
    ],
  );
});

test('an unknown, empty or inherited name is the public cloud', () => {
  for (const name of [undefined, '', 'AzureGermanCloud', 'toString', '__proto__']) assert.equal(azureCloud(name).name, 'AzureCloud', String(name));
  assert.equal(azureCloud('AzureChinaCloud').resourceManager, 'https://management.chinacloudapi.cn');
});

test('a custom Resource Manager replaces the endpoint and asks for a token of its own audience, never the cloud\'s', () => {
  const cloud = withResourceManager(AZURE_CLOUDS.AzureUSGovernment, ' https://management.local.azurestack.external/ ');
  assert.equal(cloud.resourceManager, 'https://management.local.azurestack.external');
  assert.equal(cloud.resourceManagerScope, 'https://management.local.azurestack.external/.default');
  assert.equal(cloud.containerRegistryScope, AZURE_CLOUDS.AzureUSGovernment.containerRegistryScope);
  assert.equal(withResourceManager(AZURE_CLOUDS.AzureCloud, 'http://127.0.0.1:8443').resourceManagerScope, 'http://127.0.0.1:8443/.default');
  assert.equal(withResourceManager(AZURE_CLOUDS.AzureCloud, '  '), AZURE_CLOUDS.AzureCloud);
});

test('a custom Resource Manager must be an HTTPS origin (plain HTTP only on loopback)', () => {
  for (const bad of ['http://arm.example.com', 'ftp://127.0.0.1', 'not a url', 'https://arm.example.com/path', 'https://user:pw@arm.example.com', 'https://arm.example.com/?x=1']) {
    assert.throws(() => withResourceManager(AZURE_CLOUDS.AzureCloud, bad), ResourceManagerUrlError, bad);
  }
  assert.throws(() => withResourceManager(AZURE_CLOUDS.AzureCloud, 'https://user:secret@arm.example.com'), (error: Error) => !error.message.includes('secret'));
});
