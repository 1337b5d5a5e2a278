import * as vscode from 'vscode';
import { computeDigest } from '../../registry/digest';
import { parseManifest } from '../../registry/manifest';
import { TEMPLATES, suffixForMediaType } from '../documents/templates';
import { errorMessage, messageOf } from '../errors';
import { validateTag } from '../../registry/reference';
import type { RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { manifestReference, registryKey, repositoryKey } from '../tree/nodes';
import { nodeArgument } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickManifestTarget, pickRegistry, pickRepository } from './pickers';
import { findMissingReferences, mayMoveTag, mountMissing } from './pushChecks';

/** Where an edited manifest came from: the default push target and the mount source. */
interface EditOrigin { registry: RegistryConfig; repository: string; tag?: string }

/** New / edit / push custom manifests (the seeds' UploadManifest scenario). */
export function registerManifestEditing(services: Services): vscode.Disposable[] {
  const origins = new Map<string, EditOrigin>();
  let counter = 0;

  const openEditable = async (name: string, text: string, origin?: EditOrigin) => {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: name });
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    if (origin) origins.set(uri.toString(), origin);
    return document;
  };

  return [
    registerLogged(services.log, 'registryExplorer.newManifest', async (templateId?: string) => {
      const template = TEMPLATES.find((t) => t.id === templateId)
        ?? (await vscode.window.showQuickPick(TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, template: t })), { title: vscode.l10n.t('New manifest from a template') }))?.template;
      if (!template) return undefined;
      counter++;
      return openEditable(`manifest-${counter}.${template.suffix}.json`, JSON.stringify(template.body, null, 2) + '\n');
    }),
    registerLogged(services.log, 'registryExplorer.editManifest', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Edit manifest'));
      if (!target) return undefined;
      const client = await services.clients.get(target.registry);
      const reference = manifestReference(target);
      const fetched = await client.getManifest(target.repository, reference);
      const suffix = suffixForMediaType(fetched.mediaType, fetched.manifest.artifactType);
      const base = `${target.repository.replace(/\//g, '-')}-${reference.replace(/[:@]/g, '-').slice(0, 24)}`;
      counter++;
      // The exact bytes, unformatted: pushing unchanged content keeps the same digest.
      return openEditable(`${base}-${counter}.${suffix}.json`, fetched.bytes.toString('utf8'), { registry: target.registry, repository: target.repository, tag: target.kind === 'tag' ? target.tag.name : undefined });
    }),
    registerLogged(services.log, 'registryExplorer.pushManifest', async (uri?: unknown) => {
      let document: vscode.TextDocument | undefined;
      try {
        document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Not pushed: {0}', errorMessage(error)));
        return undefined;
      }
      if (!document) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open the manifest to push in an editor first (Registry Explorer: New Manifest or Edit Manifest).'));
        return undefined;
      }
      const bytes = Buffer.from(document.getText(), 'utf8');
      let parsed: ReturnType<typeof parseManifest>;
      try {
        parsed = parseManifest(bytes);
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Not pushed: {0}', errorMessage(error)));
        return undefined;
      }
      const { manifest, mediaType } = parsed;
      const origin = origins.get(document.uri.toString());
      const registry = origin?.registry ?? await pickRegistry(vscode.l10n.t('Push manifest to'));
      if (!registry) return undefined;
      const repository = await pickRepository(services, registry, vscode.l10n.t('Push {0} to repository', mediaType), origin?.repository);
      if (!repository) return undefined;
      const tag = await vscode.window.showInputBox({
        title: vscode.l10n.t('Push to {0}', repository), prompt: vscode.l10n.t('Tag (leave empty to push by digest only)'),
        value: origin?.tag ?? '',
        validateInput: messageOf((v) => { if (v) validateTag(v); }),
      });
      if (tag === undefined) return undefined;
      const client = await services.clients.get(registry);
      if (tag && !(await mayMoveTag(client, repository, tag, computeDigest(bytes)).catch((error: unknown) => {
        reportFailure(services.log, 'registryExplorer.pushManifest', error);
        void vscode.window.showErrorMessage(vscode.l10n.t('Not pushed: {0}', errorMessage(error)));
        return false;
      }))) return undefined;
      const proceed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pushing manifest to {0}', repository), cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: vscode.l10n.t('checking referenced content…') });
        const missing = await findMissingReferences(client, repository, manifest, abort.signal);
        if (missing.length > 0) {
          const names = missing.slice(0, 5).map((d) => `${d.mediaType} ${d.digest.slice(0, 19)}…`).join('\n');
          const source = origin?.repository;
          const mountFromSource = source && source !== repository ? vscode.l10n.t('Mount from {0}', source) : undefined;
          const mountFromOther = vscode.l10n.t('Mount from…');
          const choices = [mountFromSource, mountFromOther, vscode.l10n.t('Push anyway')].filter((c): c is string => !!c);
          const answer = await vscode.window.showWarningMessage(
            vscode.l10n.t('{0} referenced item(s) are missing from {1}; the registry will likely refuse the manifest.', missing.length, repository), { modal: true, detail: names }, ...choices);
          if (!answer) return false;
          if (answer === mountFromSource || answer === mountFromOther) {
            const from = answer === mountFromOther ? await pickRepository(services, registry, vscode.l10n.t('Mount missing content from repository')) : source;
            if (!from) return false;
            progress.report({ message: vscode.l10n.t('mounting {0} item(s) from {1}…', missing.length, from) });
            await mountMissing(client, repository, from, missing, abort.signal);
          }
        }
        progress.report({ message: vscode.l10n.t('uploading…') });
        const expected = computeDigest(bytes);
        try {
          const result = await client.putManifest(repository, bytes, { reference: tag || undefined, mediaType, signal: abort.signal });
          if (result.digest !== expected) throw new Error(vscode.l10n.t('the registry stored {0} but the edited bytes hash to {1}', result.digest, expected));
        } catch (error) {
          // The manifest is stored; only the referrers index beside it could not be updated.
          if ((error as { code?: string }).code !== 'REFERRERS_TAG_NOT_UPDATED') throw error;
          void vscode.window.showWarningMessage(errorMessage(error));
        }
        return expected;
      }).then(undefined, (error) => {
        reportFailure(services.log, 'registryExplorer.pushManifest', error);
        void vscode.window.showErrorMessage(vscode.l10n.t('Push failed: {0}', errorMessage(error)));
        return false as const;
      });
      if (!proceed) return undefined;
      services.log.info('push', `pushed ${mediaType} to ${registry.url}/${repository}${tag ? ':' + tag : ''} as ${proceed}`);
      services.tree.refresh(services.tree.find(repositoryKey(registry, repository)) ?? services.tree.find(registryKey(registry)));
      const pushed = tag ? vscode.l10n.t('Pushed {0}:{1} @ {2}', repository, tag, proceed) : vscode.l10n.t('Pushed {0} @ {1}', repository, proceed);
      void vscode.window.showInformationMessage(pushed, vscode.l10n.t('Copy Digest')).then((pick) => {
        if (pick) void vscode.env.clipboard.writeText(proceed);
      });
      return proceed;
    }),
  ];
}
