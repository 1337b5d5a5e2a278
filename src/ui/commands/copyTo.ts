// Copy to…: images, indexes or artifacts into another repository or registry, each side signed in on
// its own, optionally with their referrers (the shared flow is in copyFlow.ts).
import * as vscode from 'vscode';
import { refusesNetwork } from '../layouts/layoutPickers';
import type { Services } from '../services';
import { manifestRef, type ManifestTarget } from '../tree/nodes';
import { copyTargets, pickDestination, selectedTargets, type CopyWords } from './copyFlow';
import { pickManifestTarget } from './pickers';
import { registerLogged } from './registerLogged';

const ID = 'registryExplorer.copyTo';

function describe(target: ManifestTarget): string {
  const ref = manifestRef(target);
  return `${target.repository}${ref.kind === 'tag' ? `:${ref.tag}` : `@${ref.digest}`}`;
}

const words = (): CopyWords => ({
  commandId: ID,
  describe,
  logArea: 'copy',
  registryTitle: (what) => vscode.l10n.t('Copy {0} to registry', what),
  repositoryTitle: (what) => vscode.l10n.t('Copy {0} to', what),
  tagTitle: (what, repository) => vscode.l10n.t('Copy {0} to {1}', what, repository),
  tagPrompt: vscode.l10n.t('Tag (leave empty to copy by digest only)'),
  progress: (what, destination) => vscode.l10n.t('Copying {0} to {1}', what, destination),
  cancelled: (destination) => vscode.l10n.t('Copy cancelled; {0} was not changed.', destination),
  failed: (message) => vscode.l10n.t('Copy failed: {0}', message),
  done: (repository, registryName) => vscode.l10n.t('Copied to {0} in {1}', repository, registryName),
});

/** Several selected rows go to one repository, each under its own tag (a digest row by digest). */
export function registerCopyTo(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, ID, async (node?: unknown, selection?: unknown) => {
      let targets = selectedTargets(node, selection);
      if (targets.length === 0) {
        const picked = await pickManifestTarget(services, vscode.l10n.t('Copy'));
        if (!picked) return undefined;
        targets = [picked];
      }
      if (refusesNetwork(targets[0].registry)) return undefined;
      const copy = words();
      const what = targets.length === 1 ? describe(targets[0]) : vscode.l10n.t('{0} images', targets.length);
      const destination = await pickDestination(services, targets, what, copy);
      if (!destination) return undefined;
      const withReferrers = vscode.l10n.t('Copy with its referrers');
      const scope = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('Copy the image only') },
        { label: withReferrers, description: vscode.l10n.t('signatures, SBOMs, attestations and other artifacts about it') },
      ], { title: vscode.l10n.t('Copy {0} to {1}', what, destination.repository) });
      if (!scope) return undefined;
      const digests = await copyTargets(services, targets, destination, scope.label === withReferrers, copy);
      if (digests.length === 0) return undefined;
      return targets.length === 1 ? digests[0] : digests;
    }),
  ];
}
