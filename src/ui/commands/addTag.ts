import * as vscode from 'vscode';
import { validateTag } from '../../registry/reference';
import { TagConflictError, tagManifest } from '../../registry/transfers/tagManifest';
import { messageOf } from '../errors';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, repositoryKey, shortDigest } from '../tree/nodes';
import { withMoveTagQuestion } from './moveTagQuestion';
import { nodeArgument } from './nodeArgs';
import { pickManifestTarget } from './pickers';
import { registerLogged } from './registerLogged';

/** Add Tag…: another tag on the same manifest bytes; nothing but the tag changes in the registry. */
export function registerAddTag(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, 'registryExplorer.addTag', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Add tag'));
      if (!target) return undefined;
      const client = await services.clients.get(target.registry);
      const ref = manifestRef(target);
      const digest = ref.kind === 'digest' ? ref.digest : (await client.getManifest(target.repository, ref.tag)).digest;
      const tag = await vscode.window.showInputBox({
        title: vscode.l10n.t('Add a tag to {0}@{1}', target.repository, shortDigest(digest)),
        prompt: vscode.l10n.t('New tag (letters, digits, "_", "." and "-"; up to 128 characters)'),
        validateInput: messageOf((value) => validateTag(value)),
      });
      if (!tag) return undefined;
      const result = await withMoveTagQuestion(
        (replacing) => tagManifest(client, target.repository, digest, tag, { replacing }),
        (error): error is TagConflictError => error instanceof TagConflictError,
      );
      if (!result) return undefined;
      const name = `${hostOf(target.registry.url)}/${target.repository}:${tag}`;
      services.log.info('tag', `${name} → ${digest}${result.previous ? ` (was ${result.previous})` : ''}`);
      services.tree.refresh(services.tree.find(repositoryKey(target.registry, target.repository)));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Tagged {0}', name), 5000);
      return result.digest;
    }),
  ];
}
