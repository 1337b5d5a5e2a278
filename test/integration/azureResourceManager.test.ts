// Listing subscriptions and container registries through Resource Manager, against the project's
// ARM look-alike (test/harness/armServer.ts): every page followed through nextLink, 401/403 told
// apart, a nextLink to another host refused, the token sent only to Resource Manager.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AZURE_CLOUDS, withResourceManager } from '../../src/registry/azure/clouds';
import { discoverRegistries } from '../../src/registry/azure/discovery';
import { ResourceManager } from '../../src/registry/azure/resourceManager';
import { ForbiddenError, RegistryError, UnauthorizedError } from '../../src/registry/errors';
import { startArmServer, type ArmServerOptions, type RunningArm } from '../harness/armServer';

const TOKEN = 'arm-token-for-tests';
const SUBSCRIPTIONS: ArmServerOptions['subscriptions'] = [
  {
    subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'Production', tenantId: 'tenant-a',
    registries: [
      { name: 'prodacr', resourceGroup: 'rg-prod', loginServer: 'prodacr.azurecr.io' },
      { name: 'Archive', resourceGroup: 'rg-old', loginServer: 'Archive.azurecr.io', sku: 'Basic' },
      { name: 'edgeacr', resourceGroup: 'rg-edge', loginServer: 'edgeacr.azurecr.io', location: 'eastus' },
    ],
  },
  {
    subscriptionId: '22222222-2222-2222-2222-222222222222', displayName: 'Development', tenantId: 'tenant-a',
    // A login server that is no registry host would become a URL with a path: left out.
    registries: [{ name: 'devacr', resourceGroup: 'rg-dev', loginServer: 'devacr.azurecr.io' }, { name: 'odd', resourceGroup: 'rg-dev', loginServer: 'odd.example/path?x=1' }],
  },
  { subscriptionId: '33333333-3333-3333-3333-333333333333', displayName: 'Locked', tenantId: 'tenant-b', registries: [], forbidden: true },
];

let arm: RunningArm;
before(async () => {
  arm = await startArmServer({ subscriptions: SUBSCRIPTIONS, tokens: [TOKEN], pageSize: 2 });
});
after(() => arm?.close());

function client(server: RunningArm, token = TOKEN, scopes: string[] = []): ResourceManager {
  return new ResourceManager({
    cloud: withResourceManager(AZURE_CLOUDS.AzureCloud, server.url),
    getToken: async (scope) => {
      scopes.push(scope);
      return token;
    },
  });
}

test('every page of subscriptions and of registries is read through nextLink, with the token for that Resource Manager', async () => {
  const scopes: string[] = [];
  const before = arm.requests.length;
  const groups = await discoverRegistries(client(arm, TOKEN, scopes));
  assert.deepEqual(groups.map((g) => [g.subscription.displayName, g.registries.map((r) => r.name), g.error?.constructor.name]), [
    ['Development', ['devacr'], undefined],
    ['Locked', [], 'ForbiddenError'],
    ['Production', ['Archive', 'edgeacr', 'prodacr'], undefined],
  ]);
  const archive = groups[2].registries[0];
  assert.deepEqual(archive, {
    id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-old/providers/Microsoft.ContainerRegistry/registries/Archive',
    name: 'Archive', loginServer: 'archive.azurecr.io', subscriptionId: '11111111-1111-1111-1111-111111111111', resourceGroup: 'rg-old', location: 'westeurope', sku: 'Basic',
  });
  const seen = arm.requests.slice(before);
  assert.equal(seen.filter((r) => r.url.startsWith('/subscriptions?')).length, 2, 'three subscriptions at two a page are two pages');
  assert.equal(seen.filter((r) => r.url.startsWith('/subscriptions/11111111') && decodeURIComponent(r.url).includes('$skiptoken=2')).length, 1, 'the second page of registries');
  assert.ok(seen.every((r) => r.authorized));
  assert.ok(scopes.length > 0 && scopes.every((s) => s === `${arm.url}/.default`), JSON.stringify(scopes));
});

test('a refused token is a 401 that says so; a subscription without a role is a 403 naming the Reader role', async () => {
  await assert.rejects(client(arm, 'wrong-token').listSubscriptions(), (error: Error) => {
    assert.ok(error instanceof UnauthorizedError, error.message);
    assert.match(error.message, /did not accept the sign-in for subscriptions: HTTP 401 \(InvalidAuthenticationToken\)/);
    assert.ok(!error.message.includes('wrong-token'));
    return true;
  });
  await assert.rejects(client(arm).listRegistries('33333333-3333-3333-3333-333333333333'), (error: Error) => {
    assert.ok(error instanceof ForbiddenError, error.message);
    assert.match(error.message, /HTTP 403 \(AuthorizationFailed\).*Reader role/);
    return true;
  });
});

test('an account without subscriptions lists none, without error', async () => {
  const empty = await startArmServer({ subscriptions: [], tokens: [TOKEN] });
  try {
    assert.deepEqual(await discoverRegistries(client(empty)), []);
  } finally {
    await empty.close();
  }
});

test('a nextLink to another host is refused, and nothing is sent there', async () => {
  const elsewhere = await startArmServer({ subscriptions: [], tokens: [TOKEN] });
  const hostile = await startArmServer({ subscriptions: SUBSCRIPTIONS, tokens: [TOKEN], pageSize: 1, nextLinkOrigin: elsewhere.url });
  try {
    await assert.rejects(client(hostile).listSubscriptions(), (error: Error) => {
      assert.ok(error instanceof RegistryError);
      assert.match(error.message, /nextLink for subscriptions on another host \(127\.0\.0\.1:\d+\); it is not followed/);
      return true;
    });
    assert.deepEqual(elsewhere.requests, []);
  } finally {
    await hostile.close();
    await elsewhere.close();
  }
});
