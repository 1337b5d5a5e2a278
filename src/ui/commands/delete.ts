import * as vscode from 'vscode';
import { UnsupportedError } from '../../registry/errors';
import type { RegistryService } from '../../registry/types';
import { errorMessage } from '../errors';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, repositoryKey } from '../tree/nodes';
import { nodeArgument } from './nodeArgs';
import { pickManifestTarget } from './pickers';

/**
 * Delete tag / delete manifest, each behind a modal that names exactly what goes; what is deleted
 * is the digest named in that modal, never whatever the tag points to by then.
 */
export function registerDeleteCommands(services: Services): vscode.Disposable[] {
  const run = async (what: 'tag' | 'manifest', argument: unknown): Promise<boolean> => {
    const target = nodeArgument(argument, 'tag', 'manifest') ?? await pickManifestTarget(services, what === 'tag' ? 'Delete tag' : 'Delete manifest');
    if (!target) return false;
    const ref = manifestRef(target);
    const name = `${hostOf(target.registry.url)}/${target.repository}`;
    if (what === 'tag' && ref.kind !== 'tag') {
      void vscode.window.showErrorMessage(`${name}@${ref.digest} is a digest, not a tag: use Delete Manifest to remove it.`);
      return false;
    }
    try {
      const client = await services.clients.get(target.registry);
      const digest = ref.kind === 'digest' ? ref.digest : (await client.getManifest(target.repository, ref.tag)).digest;
      const message = ref.kind === 'tag' && what === 'tag' ? `Delete tag ${name}:${ref.tag}?` : `Delete manifest ${name}@${digest}?`;
      const detail = what === 'tag'
        ? `Only the tag goes; the manifest ${digest} stays. If this registry cannot delete a tag alone, you will be asked again.`
        : `The manifest and every tag pointing at it are removed. This cannot be undone.`;
      if ((await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Delete')) !== 'Delete') return false;
      if (ref.kind === 'tag' && what === 'tag') {
        if (!(await deleteTag(client, target.repository, ref.tag, digest))) return false;
      } else {
        await client.deleteManifest(target.repository, digest);
      }
      services.log.info('delete', `${what} ${name} ${ref.kind === 'tag' ? ref.tag : ''} (${digest})`);
      services.tree.refresh(services.tree.find(repositoryKey(target.registry, target.repository)));
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(`Delete failed: ${errorMessage(error)}`);
      return false;
    }
  };
  return [
    vscode.commands.registerCommand('registryExplorer.deleteTag', (node?: unknown) => run('tag', node)),
    vscode.commands.registerCommand('registryExplorer.deleteManifest', (node?: unknown) => run('manifest', node)),
  ];
}

/**
 * Deletes a tag that must still point at `digest`; where the registry cannot delete a tag alone,
 * asks before deleting that manifest (and refuses if the tag moved in the meantime).
 */
async function deleteTag(client: RegistryService, repository: string, tag: string, digest: string): Promise<boolean> {
  try {
    await client.deleteTag(repository, tag, { expectedDigest: digest });
    return true;
  } catch (error) {
    if (!(error instanceof UnsupportedError)) throw error;
    const answer = await vscode.window.showWarningMessage(
      `This registry cannot delete the tag ${tag} alone. Delete manifest ${digest} instead?`,
      { modal: true, detail: `${errorMessage(error)}. Every tag pointing at that manifest goes with it.` }, 'Delete Manifest');
    if (answer !== 'Delete Manifest') return false;
    await client.deleteTag(repository, tag, { deleteManifestIfNeeded: true, expectedDigest: digest });
    return true;
  }
}
