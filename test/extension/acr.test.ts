import * as assert from 'node:assert/strict';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { seedSampleContent } from '../harness/seed';
import type { TagNode } from '../../src/ui/tree/nodes';
import { addRegistryByDialogs, api, labelOf, nameRegistry, seededRegistryUrl, setRegistries, walk } from './helpers';

const ADMIN = { user: 'acradmin', password: 'acr-admin-password' };

/**
 * Azure Container Registry as the explorer sees it: the project's ACR test server (written from
 * the ACR data-plane spec) in front of a real docker-registry that trusts its tokens.
 */
suite('Azure Container Registry', () => {
  let acr: RunningAcr;
  suiteSetup(async function () {
    this.timeout(120_000);
    acr = await startAcrServer({ users: { [ADMIN.user]: ADMIN.password } });
    await seedSampleContent(acr.url, { username: ADMIN.user, password: ADMIN.password, extraRepositories: 0 });
  });
  suiteTeardown(async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await acr?.close();
  });

  test('tags carry digests and times from /acr/v1, without a manifest request per tag', async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await addRegistryByDialogs(acr.url, { username: ADMIN.user, secret: ADMIN.password });
    await nameRegistry(acr.url, 'ACR');
    const explorer = await api();
    assert.ok((await explorer.children(await walk(explorer, ['ACR']))).map(labelOf).includes('samples/hello'));
    const before = acr.requests.length;
    const tags = await explorer.children(await walk(explorer, ['ACR', 'samples/hello'])) as TagNode[];
    const tag = tags.find((t) => t.tag.name === '1.0');
    assert.ok(tag, `no 1.0 among ${tags.map(labelOf)}`);
    assert.match(tag.tag.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.ok(tag.tag.lastUpdatedOn && !Number.isNaN(Date.parse(tag.tag.lastUpdatedOn)), JSON.stringify(tag.tag));
    assert.ok(acr.requests.slice(before).some((r) => r.path === '/acr/v1/samples/hello/_tags'), 'tags were not listed through /acr/v1');
    const manifestRequests = acr.requests.slice(before).filter((r) => r.path.includes('/manifests/'));
    assert.deepEqual(manifestRequests, [], 'listing tags fetched manifests');
  });
});
