import * as vscode from 'vscode';
import { validateTag } from '../../registry/reference';
import { copyImage, type CopyResult } from '../../registry/transfers/copy';
import { TagConflictError } from '../../registry/transfers/tagManifest';
import { errorMessage, isCancellation, messageOf } from '../errors';
import { displayName, hostOf } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, refText, registryKey, repositoryKey } from '../tree/nodes';
import { withMoveTagQuestion } from './moveTagQuestion';
import { nodeArgument } from './nodeArgs';
import { pickManifestTarget, pickRegistry, pickRepository } from './pickers';
import { registerLogged, reportFailure } from './registerLogged';
import { withTransferProgress } from './transferProgress';

const ID = 'registryExplorer.copyTo';

/**
 * Copy to…: an image, index or artifact into another repository or registry, each side signed in on
 * its own. Byte progress with Cancel; the tag is set last, so a cancelled copy leaves no tag.
 */
export function registerCopyTo(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, ID, async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Copy'));
      if (!target) return undefined;
      const ref = manifestRef(target);
      const what = `${target.repository}${ref.kind === 'tag' ? `:${ref.tag}` : `@${ref.digest}`}`;
      const registry = await pickRegistry(vscode.l10n.t('Copy {0} to registry', what));
      if (!registry) return undefined;
      const repository = await pickRepository(services, registry, vscode.l10n.t('Copy {0} to', what), target.repository);
      if (!repository) return undefined;
      const tag = await vscode.window.showInputBox({
        title: vscode.l10n.t('Copy {0} to {1}', what, repository),
        prompt: vscode.l10n.t('Tag (leave empty to copy by digest only)'),
        value: ref.kind === 'tag' ? ref.tag : '',
        validateInput: messageOf((value) => { if (value) validateTag(value); }),
      });
      if (tag === undefined) return undefined;
      const withReferrers = vscode.l10n.t('Copy with its referrers');
      const scope = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('Copy the image only') },
        { label: withReferrers, description: vscode.l10n.t('signatures, SBOMs, attestations and other artifacts about it') },
      ], { title: vscode.l10n.t('Copy {0} to {1}', what, repository) });
      if (!scope) return undefined;
      const [source, destination] = await Promise.all([services.clients.get(target.registry), services.clients.get(registry)]);
      const dest = `${hostOf(registry.url)}/${repository}${tag ? `:${tag}` : ''}`;
      let result: CopyResult | undefined;
      try {
        result = await withMoveTagQuestion(
          (replacing) => Promise.resolve(withTransferProgress(vscode.l10n.t('Copying {0} to {1}', what, dest), (signal, onProgress) => copyImage(
            { client: source, repository: target.repository, reference: refText(ref) },
            { client: destination, repository, tag: tag || undefined },
            { referrers: scope.label === withReferrers, replacing, signal, onProgress },
          ))),
          (error): error is TagConflictError => error instanceof TagConflictError,
        );
      } catch (error) {
        if (isCancellation(error)) {
          services.log.info('copy', `${what} → ${dest}: cancelled`);
          void vscode.window.showInformationMessage(vscode.l10n.t('Copy cancelled; {0} was not changed.', dest));
          return undefined;
        }
        reportFailure(services.log, ID, error);
        void vscode.window.showErrorMessage(vscode.l10n.t('Copy failed: {0}', errorMessage(error)));
        return undefined;
      }
      if (!result) return undefined;
      const { present, mounted, uploaded } = result.blobs;
      services.log.info('copy', `${hostOf(target.registry.url)}/${what} → ${dest} @ ${result.digest}: ${result.manifests} manifest(s), ${result.referrers} referrer(s); blobs ${uploaded} streamed, ${mounted} mounted, ${present} present`);
      services.tree.refresh(services.tree.find(repositoryKey(registry, repository)) ?? services.tree.find(registryKey(registry)));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to {0} in {1}', dest, displayName(registry)), 5000);
      return result.digest;
    }),
  ];
}
