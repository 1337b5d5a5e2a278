import * as vscode from 'vscode';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import type { Descriptor, FetchedManifest, ImageManifest } from '../../registry/types';
import { IMAGE_SCHEME, ImageDocuments } from '../documents/imageDocuments';
import { errorMessage } from '../errors';
import { hostOf, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { summarizeImage } from '../summary/imageSummary';
import { summaryText } from '../summary/summaryText';
import { manifestReference, shortDigest, type ManifestTarget } from '../tree/nodes';
import { nodeArgument } from './nodeArgs';
import { registerLogged } from './registerLogged';
import { pickManifestTarget } from './pickers';

/** One image: a platform of an index is chosen before anything is shown. */
export interface ResolvedImage { registry: RegistryConfig; repository: string; reference: string; digest: string; manifest: ImageManifest; fetched: FetchedManifest }

/** Open Config (exact bytes) and Show Image Summary, both read-only documents. */
export function registerImageCommands(services: Services, documents = new ImageDocuments()): vscode.Disposable[] {
  const open = async (uri: vscode.Uri, text: string, language: string) => {
    documents.show(uri, text);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== language) await vscode.languages.setTextDocumentLanguage(document, language);
    await vscode.window.showTextDocument(document, { preview: true });
    return uri;
  };
  const failed = (sentence: (reason: string) => string, error: unknown) => {
    const message = sentence(errorMessage(error));
    services.log.error('image', message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  };

  return [
    documents,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_SCHEME, documents),
    vscode.workspace.onDidCloseTextDocument((document) => documents.forget(document.uri)),
    registerLogged(services.log, 'registryExplorer.openConfig', async (node?: unknown) => {
      const configRow = nodeArgument(node, 'blob');
      const blob = configRow?.role === 'config' ? configRow : undefined;
      const target = blob ? undefined : nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Open config'));
      try {
        let found: { registry: RegistryConfig; repository: string; config: Descriptor; title: string } | undefined;
        if (blob) {
          found = { registry: blob.registry, repository: blob.repository, config: blob.descriptor, title: `${blob.repository}@${hexOf(blob.descriptor.digest)} config.json` };
        } else if (target) {
          const image = await resolveImage(services, target);
          if (image) found = { ...image, config: image.manifest.config, title: `${image.repository}${image.reference} config.json` };
        }
        if (!found) return undefined;
        const client = await services.clients.get(found.registry);
        const bytes = await client.fetchBlob(found.repository, found.config);
        return await open(documents.uriFor(hostOf(found.registry.url), found.title, found.config.digest), bytes.toString('utf8'), 'json');
      } catch (error) {
        return failed((reason) => vscode.l10n.t('Could not open the config: {0}', reason), error);
      }
    }),
    registerLogged(services.log, 'registryExplorer.showImageSummary', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Show image summary'));
      if (!target) return undefined;
      try {
        const image = await resolveImage(services, target);
        if (!image) return undefined;
        const client = await services.clients.get(image.registry);
        const configBytes = await client.fetchBlob(image.repository, image.manifest.config);
        const host = hostOf(image.registry.url);
        const text = summaryText({ host, repository: image.repository, reference: image.reference, digest: image.digest }, summarizeImage(image.manifest, configBytes));
        return await open(documents.uriFor(host, `${image.repository}${image.reference} summary`, image.digest), text, 'plaintext');
      } catch (error) {
        return failed((reason) => vscode.l10n.t('Could not show the image summary: {0}', reason), error);
      }
    }),
  ];
}

/** The image manifest behind a tag or manifest row; for an index, the platform the user picks. */
export async function resolveImage(services: Services, target: ManifestTarget): Promise<ResolvedImage | undefined> {
  const client = await services.clients.get(target.registry);
  let fetched = await client.getManifest(target.repository, manifestReference(target));
  let reference = target.kind === 'tag' ? `:${target.tag.name}` : `@${hexOf(target.descriptor.digest)}`;
  // A platform row's label names its platform; say it next to the digest.
  if (target.kind === 'manifest' && target.label !== target.descriptor.digest) reference += ` (${target.label})`;
  if (isImageIndex(fetched.manifest)) {
    const entries = Array.isArray(fetched.manifest.manifests) ? fetched.manifest.manifests : [];
    const picked = await vscode.window.showQuickPick(
      entries.map((d) => ({ label: platformLabel(d.platform), description: shortDigest(d.digest), digest: d.digest })),
      { title: vscode.l10n.t('Choose a platform of {0}{1}', target.repository, reference) },
    );
    if (!picked) return undefined;
    fetched = await client.getManifest(target.repository, picked.digest);
    reference += ` (${picked.label})`;
  }
  const manifest = fetched.manifest as Partial<ImageManifest>;
  if (typeof manifest.config?.digest !== 'string' || isImageIndex(fetched.manifest)) {
    throw new Error(vscode.l10n.t('{0}{1} is not an image manifest ({2})', target.repository, reference, fetched.mediaType || vscode.l10n.t('no media type')));
  }
  return { registry: target.registry, repository: target.repository, reference, digest: fetched.digest, manifest: manifest as ImageManifest, fetched };
}

function hexOf(digest: string): string {
  return digest.split(':')[1]?.slice(0, 12) ?? digest;
}
