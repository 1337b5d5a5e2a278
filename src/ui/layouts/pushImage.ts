// Push Image…: an image or index of a local OCI layout to a registry and repository:tag. It is a copy
// from the layout's service to the registry's: every blob streamed from the folder (verified as it
// goes, a few at once, skipped when the registry has it), child manifests before their index, byte
// progress with Cancel reaching the uploads, and the tag last, so a cancelled push leaves no tag.
import * as vscode from 'vscode';
import { copyTargets, pickDestination, selectedTargets, type CopyWords } from '../commands/copyFlow';
import { pickTag } from '../commands/pickers';
import { registerLogged } from '../commands/registerLogged';
import { displayName, isLayout } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, repositoryKey, tagKey, type ManifestTarget } from '../tree/nodes';
import { pickLayout, refusesNetwork } from './layoutPickers';
import type { WorkspaceLayouts } from './workspaceLayouts';

const ID = 'registryExplorer.pushImage';

function describe(target: ManifestTarget): string {
  const ref = manifestRef(target);
  return ref.kind === 'tag' ? `${displayName(target.registry)}:${ref.tag}` : `${displayName(target.registry)}@${ref.digest}`;
}

const words = (): CopyWords => ({
  commandId: ID,
  describe,
  logArea: 'push',
  registryTitle: (what) => vscode.l10n.t('Push {0} to registry', what),
  repositoryTitle: (what) => vscode.l10n.t('Push {0} to', what),
  tagTitle: (what, repository) => vscode.l10n.t('Push {0} to {1}', what, repository),
  tagPrompt: vscode.l10n.t('Tag (leave empty to push by digest only)'),
  progress: (what, destination) => vscode.l10n.t('Pushing {0} to {1}', what, destination),
  cancelled: (destination) => vscode.l10n.t('Push cancelled; {0} was not changed.', destination),
  failed: (message) => vscode.l10n.t('Push failed: {0}', message),
  done: (repository, registryName) => vscode.l10n.t('Pushed to {0} in {1}', repository, registryName),
});

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
      let targets = selectedTargets(node, selection).filter((target) => isLayout(target.registry));
      if (targets.length === 0) {
        const picked = await pickLayoutImage(services, layouts, vscode.l10n.t('Push image'));
        if (!picked) return undefined;
        targets = [picked];
      }
      if (refusesNetwork(targets[0].registry)) return undefined;
      const push = words();
      const what = targets.length === 1 ? describe(targets[0]) : vscode.l10n.t('{0} images', targets.length);
      const destination = await pickDestination(services, targets, what, push);
      if (!destination) return undefined;
      const digests = await copyTargets(services, targets, destination, false, push);
      if (digests.length === 0) return undefined;
      return targets.length === 1 ? digests[0] : digests;
    }),
  ];
}
