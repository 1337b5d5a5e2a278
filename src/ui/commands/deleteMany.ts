// Deleting several selected rows at once: one modal names everything that goes (each tag, or each
// manifest with every tag on it) with Cancel as its default; each deletion is of the digest named
// there, so a tag that moved meanwhile is refused, not followed.
import * as vscode from 'vscode';
import { UnsupportedError } from '../../registry/errors';
import type { RegistryService } from '../../registry/types';
import { confirmDestructive } from '../confirm';
import { errorMessage } from '../errors';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import { repositoryKey, shortDigest, type ManifestTarget, type TagNode } from '../tree/nodes';
import { reportFailure } from './registerLogged';
import { describeTags, tagsOfManifest } from './tagsOfManifest';

/** One selected row and what to delete for it: the tag alone, or its manifest with every tag on it. */
export interface DeleteItem { target: ManifestTarget; what: 'tag' | 'manifest' }

interface Resolved { target: ManifestTarget; what: 'tag' | 'manifest'; client: RegistryService; digest: string; name: string }

/** Asks once, then deletes; true when everything named went. */
export async function deleteMany(services: Services, items: DeleteItem[]): Promise<boolean> {
  const resolved: Resolved[] = [];
  for (const { target, what } of items) {
    const client = await services.clients.get(target.registry);
    const digest = target.kind === 'manifest' ? target.descriptor.digest : (await client.getManifest(target.repository, target.tag.name)).digest;
    resolved.push({ target, what: target.kind === 'tag' ? what : 'manifest', client, digest, name: `${hostOf(target.registry.url)}/${target.repository}` });
  }
  const tags = resolved.filter((r) => r.what === 'tag');
  const manifests = uniqueManifests(resolved.filter((r) => r.what === 'manifest'));
  const lines = [
    ...tags.map((r) => vscode.l10n.t('tag {0}:{1} (its manifest {2} stays)', r.name, (r.target as TagNode).tag.name, shortDigest(r.digest))),
    ...await Promise.all(manifests.map(async (r) => vscode.l10n.t('manifest {0}@{1} with {2}', r.name, r.digest, describeTags(await tagsOfManifest(r.client, r.target.repository, r.digest))))),
  ];
  const confirmed = await confirmDestructive(headline(tags.length, manifests.length), `${lines.join('\n')}\n\n${vscode.l10n.t('This cannot be undone.')}`, vscode.l10n.t('Delete'));
  if (!confirmed) return false;

  const failures: string[] = [];
  const attempt = async (label: string, id: string, action: () => Promise<void>): Promise<void> => {
    try {
      await action();
      services.log.info('delete', label);
    } catch (error) {
      reportFailure(services.log, id, error);
      failures.push(`${label}: ${errorMessage(error)}`);
    }
  };
  const untaggable: Resolved[] = [];
  for (const r of tags) {
    const tag = (r.target as TagNode).tag.name;
    await attempt(`${r.name}:${tag}`, 'registryExplorer.deleteTag', async () => {
      try {
        await r.client.deleteTag(r.target.repository, tag, { expectedDigest: r.digest });
      } catch (error) {
        if (!(error instanceof UnsupportedError)) throw error;
        untaggable.push(r);
      }
    });
  }
  for (const r of manifests) await attempt(`${r.name}@${r.digest}`, 'registryExplorer.deleteManifest', () => r.client.deleteManifest(r.target.repository, r.digest));
  if (untaggable.length) await deleteUntaggable(uniqueManifests(untaggable), attempt);

  for (const key of new Set(resolved.map((r) => repositoryKey(r.target.registry, r.target.repository)))) services.tree.refresh(services.tree.find(key));
  if (failures.length) void vscode.window.showErrorMessage(vscode.l10n.t('Delete failed for {0} of {1}: {2}', failures.length, tags.length + manifests.length, failures.join('; ')));
  return failures.length === 0;
}

/** Where the registry cannot delete a tag alone: asks once more, naming each manifest and every tag that would go with it. */
async function deleteUntaggable(groups: Resolved[], attempt: (label: string, id: string, action: () => Promise<void>) => Promise<void>): Promise<void> {
  const lines = await Promise.all(groups.map(async (r) => vscode.l10n.t('manifest {0}@{1} with {2}', r.name, r.digest, describeTags(await tagsOfManifest(r.client, r.target.repository, r.digest)))));
  const confirmed = await confirmDestructive(
    vscode.l10n.t('This registry cannot delete tags alone. Delete their manifests instead?'),
    lines.join('\n'), vscode.l10n.t('Delete Manifests'));
  if (!confirmed) return;
  for (const r of groups) {
    const tag = (r.target as TagNode).tag.name;
    await attempt(`${r.name}@${r.digest}`, 'registryExplorer.deleteTag', () =>
      r.client.deleteTag(r.target.repository, tag, { deleteManifestIfNeeded: true, expectedDigest: r.digest }));
  }
}

/** One entry per registry, repository and digest: two tags on one manifest delete it once. */
function uniqueManifests(list: Resolved[]): Resolved[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.target.registry.url} ${r.target.repository} ${r.digest}`;
    return !seen.has(key) && seen.add(key);
  });
}

function headline(tags: number, manifests: number): string {
  const counted = [
    ...(tags ? [tags === 1 ? vscode.l10n.t('1 tag') : vscode.l10n.t('{0} tags', tags)] : []),
    ...(manifests ? [manifests === 1 ? vscode.l10n.t('1 manifest') : vscode.l10n.t('{0} manifests', manifests)] : []),
  ];
  return vscode.l10n.t('Delete {0}?', counted.join(vscode.l10n.t(' and ')));
}
