import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { FetchedManifest, RegistryService } from '../../src/registry/types';
import type { TagNode } from '../../src/ui/tree/nodes';
import { TreeState } from '../../src/ui/tree/treeState';

/** A client whose getManifest counts its calls and serves a new digest each time (a tag being re-pushed). */
function repushingClient(): { client: RegistryService; calls: string[] } {
  const calls: string[] = [];
  const getManifest = async (repository: string, reference: string): Promise<FetchedManifest> => {
    calls.push(`${repository}:${reference}`);
    const bytes = Buffer.from(`{"schemaVersion":2,"n":${calls.length}}`);
    return { bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${String(calls.length).padStart(64, '0')}`, manifest: { schemaVersion: 2, config: { mediaType: 'x', digest: 'sha256:0', size: 0 }, layers: [] } };
  };
  return { client: { getManifest } as unknown as RegistryService, calls };
}

const registry = { url: 'https://registry.example' };
const repositoryKey = `r:${registry.url}/team/app`;
const tagNode = (name: string): TagNode => ({ kind: 'tag', key: `${repositoryKey}:${name}`, registry, repository: 'team/app', tag: { name } });

test('a tag manifest is fetched once, and again after the tag row is refreshed', async () => {
  const { client, calls } = repushingClient();
  const state = new TreeState({ get: async () => client }, () => 100);
  const latest = tagNode('latest');
  const [first, again] = await Promise.all([state.manifest(client, latest), state.manifest(client, latest)]);
  assert.equal(again, first, 'a second expand while loading shares the request');
  assert.deepEqual(calls, ['team/app:latest']);

  state.forget((key) => key === latest.key);
  const refreshed = await state.manifest(client, latest);
  assert.notEqual(refreshed.digest, first.digest, 'refreshing the tag row shows what the tag points at now');
  assert.deepEqual(calls, ['team/app:latest', 'team/app:latest']);

  // Forgetting a sibling tag leaves this one alone; forgetting every row drops it.
  state.forget((key) => key === tagNode('1.0').key);
  await state.manifest(client, latest);
  assert.equal(calls.length, 2);
  state.forget();
  await state.manifest(client, latest);
  assert.equal(calls.length, 3);
});
