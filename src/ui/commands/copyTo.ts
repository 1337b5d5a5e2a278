import * as vscode from 'vscode';
import { validateTag } from '../../registry/reference';
import { copyImage, type CopyResult } from '../../registry/transfers/copy';
import { TagConflictError } from '../../registry/transfers/tagManifest';
import { errorMessage, isCancellation, messageOf } from '../errors';
import { displayName, hostOf, isLayout, type RegistryConfig } from '../registryConfig';
import { refusesNetwork } from '../layouts/layoutPickers';
import type { Services } from '../services';
import { manifestRef, refText, registryKey, repositoryKey, type ManifestTarget } from '../tree/nodes';
import { withMoveTagQuestion } from './moveTagQuestion';
import { nodeArgument } from './nodeArgs';
import { pickManifestTarget, pickRegistry, pickRepository } from './pickers';
import { registerLogged, reportFailure } from './registerLogged';
import { withTransferProgress } from './transferProgress';

const ID = 'registryExplorer.copyTo';

interface CopyOrder {
  registry: RegistryConfig;
  repository: string;
  referrers: boolean;
}

/** The rows to copy: the clicked one, or the whole selection when the clicked row is part of it (one registry). */
function targetsOf(clicked: unknown, selection: unknown): ManifestTarget[] {
  const first = nodeArgument(clicked, 'tag', 'manifest');
  if (!first) return [];
  const selected = Array.isArray(selection) ? selection.map((n) => nodeArgument(n, 'tag', 'manifest')).filter((n): n is ManifestTarget => n !== undefined) : [];
  if (selected.length < 2 || !selected.some((n) => n.key === first.key)) return [first];
  return selected.filter((n) => n.registry.url === first.registry.url);
}

function describe(target: ManifestTarget): string {
  const ref = manifestRef(target);
  return `${target.repository}${ref.kind === 'tag' ? `:${ref.tag}` : `@${ref.digest}`}`;
}

/**
 * Copy to…: images, indexes or artifacts into another repository or registry, each side signed in on
 * its own. Byte progress with Cancel; the tag is set last, so a cancelled copy leaves no tag. Several
 * selected rows go to one repository, each under its own tag (a digest row by digest).
 */
export function registerCopyTo(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, ID, async (node?: unknown, selection?: unknown) => {
      let targets = targetsOf(node, selection);
      if (targets.length === 0) {
        const picked = await pickManifestTarget(services, vscode.l10n.t('Copy'));
        if (!picked) return undefined;
        targets = [picked];
      }
      if (refusesNetwork(targets[0].registry)) return undefined;
      const what = targets.length === 1 ? describe(targets[0]) : vscode.l10n.t('{0} images', targets.length);
      const registry = await pickRegistry(vscode.l10n.t('Copy {0} to registry', what), (r) => !isLayout(r));
      if (!registry) return undefined;
      const repository = await pickRepository(services, registry, vscode.l10n.t('Copy {0} to', what), targets[0].repository);
      if (!repository) return undefined;
      let tag: string | undefined;
      if (targets.length === 1) {
        const ref = manifestRef(targets[0]);
        tag = await vscode.window.showInputBox({
          title: vscode.l10n.t('Copy {0} to {1}', what, repository),
          prompt: vscode.l10n.t('Tag (leave empty to copy by digest only)'),
          value: ref.kind === 'tag' ? ref.tag : '',
          validateInput: messageOf((value) => { if (value) validateTag(value); }),
        });
        if (tag === undefined) return undefined;
      }
      const withReferrers = vscode.l10n.t('Copy with its referrers');
      const scope = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('Copy the image only') },
        { label: withReferrers, description: vscode.l10n.t('signatures, SBOMs, attestations and other artifacts about it') },
      ], { title: vscode.l10n.t('Copy {0} to {1}', what, repository) });
      if (!scope) return undefined;
      const order: CopyOrder = { registry, repository, referrers: scope.label === withReferrers };
      const digests: string[] = [];
      for (const target of targets) {
        const ref = manifestRef(target);
        const digest = await copyOne(services, target, order, targets.length === 1 ? tag || undefined : ref.kind === 'tag' ? ref.tag : undefined);
        if (!digest) break;
        digests.push(digest);
      }
      services.tree.refresh(services.tree.find(repositoryKey(registry, repository)) ?? services.tree.find(registryKey(registry)));
      if (digests.length === 0) return undefined;
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to {0} in {1}', `${hostOf(registry.url)}/${repository}`, displayName(registry)), 5000);
      return targets.length === 1 ? digests[0] : digests;
    }),
  ];
}

/** One copy with its progress notification; undefined when it was cancelled, refused or failed (the user was told). */
async function copyOne(services: Services, target: ManifestTarget, order: CopyOrder, tag: string | undefined): Promise<string | undefined> {
  const what = describe(target);
  const dest = `${hostOf(order.registry.url)}/${order.repository}${tag ? `:${tag}` : ''}`;
  let result: CopyResult | undefined;
  try {
    const [source, destination] = await Promise.all([services.clients.get(target.registry), services.clients.get(order.registry)]);
    result = await withMoveTagQuestion(
      (replacing) => Promise.resolve(withTransferProgress(vscode.l10n.t('Copying {0} to {1}', what, dest), (signal, onProgress) => copyImage(
        { client: source, repository: target.repository, reference: refText(manifestRef(target)) },
        { client: destination, repository: order.repository, tag },
        {
          referrers: order.referrers, replacing, signal, onProgress,
          concurrency: vscode.workspace.getConfiguration('registryExplorer').get<number>('transferConcurrency'),
        },
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
  return result.digest;
}
