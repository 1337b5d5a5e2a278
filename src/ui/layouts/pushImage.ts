// Push Image…: an image or index of a local OCI layout to a registry and repository:tag. It is a copy
// from the layout's service to the registry's: every blob streamed from the folder (verified as it
// goes, a few at once, skipped when the registry has it), child manifests before their index, byte
// progress with Cancel reaching the uploads, and the tag last, so a cancelled push leaves no tag.
import * as vscode from 'vscode';
import { validateTag } from '../../registry/reference';
import { copyImage, type CopyResult } from '../../registry/transfers/copy';
import { TagConflictError } from '../../registry/transfers/tagManifest';
import { withMoveTagQuestion } from '../commands/moveTagQuestion';
import { nodeArgument } from '../commands/nodeArgs';
import { pickRegistry, pickRepository, pickTag } from '../commands/pickers';
import { registerLogged, reportFailure } from '../commands/registerLogged';
import { withTransferProgress } from '../commands/transferProgress';
import { errorMessage, isCancellation, messageOf } from '../errors';
import { displayName, hostOf, isLayout, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, refText, registryKey, repositoryKey, tagKey, type ManifestTarget } from '../tree/nodes';
import { pickLayout, refusesNetwork } from './layoutPickers';
import type { WorkspaceLayouts } from './workspaceLayouts';

const ID = 'registryExplorer.pushImage';

/** The layout rows to push: the clicked one, or the selection holding it (rows of the same layout). */
function layoutTargets(clicked: unknown, selection: unknown): ManifestTarget[] {
  const first = nodeArgument(clicked, 'tag', 'manifest');
  if (!first || !isLayout(first.registry)) return [];
  const selected = Array.isArray(selection) ? selection.map((n) => nodeArgument(n, 'tag', 'manifest')).filter((n): n is ManifestTarget => n !== undefined) : [];
  if (selected.length < 2 || !selected.some((n) => n.key === first.key)) return [first];
  return selected.filter((n) => n.registry.url === first.registry.url);
}

function describe(target: ManifestTarget): string {
  const ref = manifestRef(target);
  return ref.kind === 'tag' ? `${displayName(target.registry)}:${ref.tag}` : `${displayName(target.registry)}@${ref.digest}`;
}

/** Palette: a layout, then one of its tags (or a digest). */
async function pickLayoutImage(services: Services, layouts: WorkspaceLayouts, title: string): Promise<ManifestTarget | undefined> {
  const registry = await pickLayout(layouts, title);
  if (!registry) return undefined;
  const client = await services.clients.get(registry);
  const [repository] = (await client.listRepositories()).items.map((r) => r.name);
  const ref = await pickTag(services, registry, repository, title);
  if (!ref) return undefined;
  if (ref.kind === 'tag') return { kind: 'tag', key: tagKey(registry, repository, ref.tag), registry, repository, tag: { name: ref.tag } };
  return { kind: 'manifest', key: `${repositoryKey(registry, repository)}@${ref.digest}`, registry, repository, label: ref.digest, descriptor: { digest: ref.digest, mediaType: '', size: 0 } };
}

export function registerPushImage(services: Services, layouts: WorkspaceLayouts): vscode.Disposable[] {
  return [
    registerLogged(services.log, ID, async (node?: unknown, selection?: unknown) => {
      let targets = layoutTargets(node, selection);
      if (targets.length === 0) {
        const picked = await pickLayoutImage(services, layouts, vscode.l10n.t('Push image'));
        if (!picked) return undefined;
        targets = [picked];
      }
      if (refusesNetwork(targets[0].registry)) return undefined;
      const what = targets.length === 1 ? describe(targets[0]) : vscode.l10n.t('{0} images', targets.length);
      const registry = await pickRegistry(vscode.l10n.t('Push {0} to registry', what), (r) => !isLayout(r));
      if (!registry) return undefined;
      const repository = await pickRepository(services, registry, vscode.l10n.t('Push {0} to', what), targets[0].repository);
      if (!repository) return undefined;
      let tag: string | undefined;
      if (targets.length === 1) {
        const ref = manifestRef(targets[0]);
        tag = await vscode.window.showInputBox({
          title: vscode.l10n.t('Push {0} to {1}', what, repository),
          prompt: vscode.l10n.t('Tag (leave empty to push by digest only)'),
          value: ref.kind === 'tag' ? ref.tag : '',
          validateInput: messageOf((value) => { if (value) validateTag(value); }),
        });
        if (tag === undefined) return undefined;
      }
      const digests: string[] = [];
      for (const target of targets) {
        const ref = manifestRef(target);
        const digest = await pushOne(services, target, registry, repository, targets.length === 1 ? tag || undefined : ref.kind === 'tag' ? ref.tag : undefined);
        if (!digest) break;
        digests.push(digest);
      }
      services.tree.refresh(services.tree.find(repositoryKey(registry, repository)) ?? services.tree.find(registryKey(registry)));
      if (digests.length === 0) return undefined;
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Pushed to {0} in {1}', `${hostOf(registry.url)}/${repository}`, displayName(registry)), 5000);
      return targets.length === 1 ? digests[0] : digests;
    }),
  ];
}

/** One push with its progress notification; undefined when it was cancelled, refused or failed (the user was told). */
async function pushOne(services: Services, target: ManifestTarget, registry: RegistryConfig, repository: string, tag: string | undefined): Promise<string | undefined> {
  const what = describe(target);
  const dest = `${hostOf(registry.url)}/${repository}${tag ? `:${tag}` : ''}`;
  let result: CopyResult | undefined;
  try {
    const [source, destination] = await Promise.all([services.clients.get(target.registry), services.clients.get(registry)]);
    result = await withMoveTagQuestion(
      (replacing) => Promise.resolve(withTransferProgress(vscode.l10n.t('Pushing {0} to {1}', what, dest), (signal, onProgress) => copyImage(
        { client: source, repository: target.repository, reference: refText(manifestRef(target)) },
        { client: destination, repository, tag },
        { replacing, signal, onProgress, concurrency: vscode.workspace.getConfiguration('registryExplorer').get<number>('transferConcurrency') },
      ))),
      (error): error is TagConflictError => error instanceof TagConflictError,
    );
  } catch (error) {
    if (isCancellation(error)) {
      services.log.info('push', `${what} → ${dest}: cancelled`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Push cancelled; {0} was not changed.', dest));
      return undefined;
    }
    reportFailure(services.log, ID, error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Push failed: {0}', errorMessage(error)));
    return undefined;
  }
  if (!result) return undefined;
  const { present, uploaded } = result.blobs;
  services.log.info('push', `${what} → ${dest} @ ${result.digest}: ${result.manifests} manifest(s); blobs ${uploaded} uploaded, ${present} already there`);
  return result.digest;
}
