import * as vscode from 'vscode';
import { UnsupportedError } from '../../registry/errors';
import type { RegistryService } from '../../registry/types';
import { confirmDestructive } from '../confirm';
import { errorMessage } from '../errors';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, repositoryKey, type ManifestTarget, type TreeNode } from '../tree/nodes';
import { deleteMany, type DeleteItem } from './deleteMany';
import { nodeArgument, nodeArguments } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickManifestTarget } from './pickers';
import { describeTags, tagsOfManifest } from './tagsOfManifest';
import { lockState } from '../tree/acrText';

/** Context key: every selected row is a tag or a manifest (the Delete key's `when`). */
export const DELETABLE_SELECTION = 'registryExplorer.deletableSelection';

/**
 * Delete tag / delete manifest, each behind a modal that names exactly what goes (the digest and
 * every tag on it) with Cancel as its default; what is deleted is the digest named in that modal,
 * never whatever the tag points to by then.
 */
export function registerDeleteCommands(services: Services): vscode.Disposable[] {
  const run = async (what: 'tag' | 'manifest', argument: unknown, selected?: unknown): Promise<boolean> => {
    const rows = nodeArguments(argument, selected, ...(what === 'tag' ? ['tag' as const] : ['tag' as const, 'manifest' as const]));
    if (rows.length > 1) return runMany(rows.map((target) => ({ target, what })));
    const target = nodeArgument(argument, 'tag', 'manifest') ?? await pickManifestTarget(services, what === 'tag' ? vscode.l10n.t('Delete tag') : vscode.l10n.t('Delete manifest'));
    if (!target) return false;
    const ref = manifestRef(target);
    const name = `${hostOf(target.registry.url)}/${target.repository}`;
    const locked = lockedRow(target);
    if (locked) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Delete failed: {0} is locked. Unlock it first (Unlock on its context menu), then delete it.', locked));
      return false;
    }
    if (what === 'tag' && ref.kind !== 'tag') {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}@{1} is a digest, not a tag: use Delete Manifest to remove it.', name, ref.digest));
      return false;
    }
    try {
      const client = await services.clients.get(target.registry);
      const digest = ref.kind === 'digest' ? ref.digest : (await client.getManifest(target.repository, ref.tag)).digest;
      let confirmed: boolean;
      if (ref.kind === 'tag' && what === 'tag') {
        confirmed = await confirmDestructive(vscode.l10n.t('Delete tag {0}:{1}?', name, ref.tag),
          vscode.l10n.t('Only the tag goes; the manifest {0} stays. If this registry cannot delete a tag alone, you will be asked again.', digest), vscode.l10n.t('Delete'));
      } else {
        const going = describeTags(await tagsOfManifest(client, target.repository, digest));
        confirmed = await confirmDestructive(vscode.l10n.t('Delete manifest {0}@{1}?', name, digest),
          vscode.l10n.t('The manifest goes with {0}. This cannot be undone.', going), vscode.l10n.t('Delete'));
      }
      if (!confirmed) return false;
      if (ref.kind === 'tag' && what === 'tag') {
        if (!(await deleteTag(client, target.repository, ref.tag, digest))) return false;
      } else {
        await client.deleteManifest(target.repository, digest);
      }
      services.log.info('delete', `${what} ${name} ${ref.kind === 'tag' ? ref.tag : ''} (${digest})`);
      services.tree.refresh(services.tree.find(repositoryKey(target.registry, target.repository)));
      return true;
    } catch (error) {
      reportFailure(services.log, what === 'tag' ? 'registryExplorer.deleteTag' : 'registryExplorer.deleteManifest', error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Delete failed: {0}', errorMessage(error)));
      return false;
    }
  };
  const runMany = async (items: DeleteItem[]): Promise<boolean> => {
    try {
      return await deleteMany(services, items);
    } catch (error) {
      reportFailure(services.log, 'registryExplorer.deleteSelection', error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Delete failed: {0}', errorMessage(error)));
      return false;
    }
  };
  // Keybinding `when` clauses cannot see a row's contextValue: this key says whether Delete applies.
  const deletable = (selection: readonly TreeNode[]) => void vscode.commands.executeCommand('setContext', DELETABLE_SELECTION,
    selection.length > 0 && selection.every((node) => node.kind === 'tag' || node.kind === 'manifest'));
  return [
    ...(services.view ? [services.view.onDidChangeSelection((e) => deletable(e.selection))] : []),
    registerLogged(services.log, 'registryExplorer.deleteTag', (node?: unknown, selected?: unknown) => run('tag', node, selected)),
    registerLogged(services.log, 'registryExplorer.deleteManifest', (node?: unknown, selected?: unknown) => run('manifest', node, selected)),
    // The Delete key: keybindings hand over no row, so the view's selection is what goes (tags as
    // tags, digests as manifests), behind the same single confirmation.
    registerLogged(services.log, 'registryExplorer.deleteSelection', async () => {
      const rows = (services.view?.selection ?? []).map((node) => nodeArgument(node, 'tag', 'manifest')).filter((n) => n !== undefined);
      if (rows.length === 0) return false;
      const items: DeleteItem[] = rows.map((target) => ({ target, what: target.kind === 'tag' ? 'tag' : 'manifest' }));
      return items.length === 1 ? run(items[0].what, items[0].target) : runMany(items);
    }),
  ];
}

/**
 * Deletes a tag that must still point at `digest`; where the registry cannot delete a tag alone,
 * asks before deleting that manifest, naming every tag that goes with it (and refuses if the tag
 * moved in the meantime).
 */
async function deleteTag(client: RegistryService, repository: string, tag: string, digest: string): Promise<boolean> {
  try {
    await client.deleteTag(repository, tag, { expectedDigest: digest });
    return true;
  } catch (error) {
    if (!(error instanceof UnsupportedError)) throw error;
    const going = describeTags(await tagsOfManifest(client, repository, digest));
    const confirmed = await confirmDestructive(
      vscode.l10n.t('This registry cannot delete the tag {0} alone. Delete manifest {1} instead?', tag, digest),
      vscode.l10n.t('{0}. Going with it: {1}.', errorMessage(error), going), vscode.l10n.t('Delete Manifest'));
    if (!confirmed) return false;
    await client.deleteTag(repository, tag, { deleteManifestIfNeeded: true, expectedDigest: digest });
    return true;
  }
}

/** The name of a row the registry listed as locked (ACR), which no delete gets past; checked without a request. */
function lockedRow(target: ManifestTarget): string | undefined {
  const attributes = target.kind === 'tag' ? target.tag.attributes : target.info?.attributes;
  if (lockState(attributes) !== 'locked') return undefined;
  const repository = `${hostOf(target.registry.url)}/${target.repository}`;
  return target.kind === 'tag' ? `${repository}:${target.tag.name}` : `${repository}@${target.descriptor.digest}`;
}
