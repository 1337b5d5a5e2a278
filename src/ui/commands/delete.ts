import * as vscode from 'vscode';
import { UnsupportedError } from '../../registry/errors';
import type { RegistryService } from '../../registry/types';
import { errorMessage } from '../errors';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import { manifestReference, repositoryKey, type ManifestTarget } from '../tree/nodes';
import { pickManifestTarget } from './pickers';

/** Delete tag / delete manifest, each behind a modal that names exactly what goes. */
export function registerDeleteCommands(services: Services): vscode.Disposable[] {
  const run = async (what: 'tag' | 'manifest', node: ManifestTarget | undefined, confirmed: boolean) => {
    const target = node ?? await pickManifestTarget(services, what === 'tag' ? 'Delete tag' : 'Delete manifest');
    if (!target) return false;
    const client = await services.clients.get(target.registry);
    const reference = manifestReference(target);
    const name = `${hostOf(target.registry.url)}/${target.repository}`;
    try {
      const digest = reference.startsWith('sha') ? reference : (await client.getManifest(target.repository, reference)).digest;
      const message = what === 'tag' && target.kind === 'tag'
        ? `Delete tag ${name}:${reference}?`
        : `Delete manifest ${name}@${digest}?`;
      const detail = what === 'tag'
        ? `Only the tag goes; the manifest ${digest} stays. If this registry cannot delete a tag alone, you will be asked again.`
        : `The manifest and every tag pointing at it are removed. This cannot be undone.`;
      if (!confirmed && (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Delete')) !== 'Delete') return false;
      if (what === 'tag' && target.kind === 'tag') {
        if (!(await deleteTag(client, target.repository, reference, digest, confirmed))) return false;
      } else {
        await client.deleteManifest(target.repository, digest);
      }
      services.log.info('delete', `${what} ${name} ${reference} (${digest})`);
      services.tree.refresh(services.tree.find(repositoryKey(target.registry, target.repository)));
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(`Delete failed: ${errorMessage(error)}`);
      return false;
    }
  };
  return [
    // The extra argument lets tests skip the modal; users always see it.
    vscode.commands.registerCommand('registryExplorer.deleteTag', (node?: ManifestTarget, confirmed = false) => run('tag', node, confirmed === true)),
    vscode.commands.registerCommand('registryExplorer.deleteManifest', (node?: ManifestTarget, confirmed = false) => run('manifest', node, confirmed === true)),
  ];
}

/** Deletes a tag; where the registry cannot delete a tag alone, asks before deleting its manifest. */
async function deleteTag(client: RegistryService, repository: string, tag: string, digest: string, confirmed: boolean): Promise<boolean> {
  try {
    await client.deleteTag(repository, tag);
    return true;
  } catch (error) {
    if (!(error instanceof UnsupportedError)) throw error;
    const answer = confirmed ? 'Delete Manifest' : await vscode.window.showWarningMessage(
      `This registry cannot delete the tag ${tag} alone. Delete manifest ${digest} instead?`,
      { modal: true, detail: `${errorMessage(error)}. Every tag pointing at that manifest goes with it.` }, 'Delete Manifest');
    if (answer !== 'Delete Manifest') return false;
    await client.deleteTag(repository, tag, { deleteManifestIfNeeded: true });
    return true;
  }
}
