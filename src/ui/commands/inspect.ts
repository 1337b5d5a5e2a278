import * as vscode from 'vscode';
import { ManifestDocuments } from '../documents/manifestDocuments';
import { errorMessage } from '../errors';
import { pullCommand } from '../pullCommand';
import { hostOf, isLayout } from '../registryConfig';
import { layoutReference } from '../layouts/layoutRows';
import type { Services } from '../services';
import { manifestRef, manifestReference, type TreeNode } from '../tree/nodes';
import { nodeArgument, nodeArguments } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickManifestTarget } from './pickers';

/** Open manifest (read-only, exact bytes) and the copy commands. */
export function registerInspectCommands(services: Services, documents: ManifestDocuments): vscode.Disposable[] {
  return [
    registerLogged(services.log, 'registryExplorer.openManifest', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Open manifest'));
      if (!target) return undefined;
      const reference = manifestReference(target);
      try {
        const client = await services.clients.get(target.registry);
        const fetched = await client.getManifest(target.repository, reference);
        const uri = documents.uriFor(target.registry, target.repository, manifestRef(target), fetched);
        documents.show(uri, { fetched, registry: target.registry, repository: target.repository, reference: manifestRef(target) });
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
        await vscode.window.showTextDocument(document, { preview: true });
        return uri;
      } catch (error) {
        reportFailure(services.log, 'registryExplorer.openManifest', error);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the manifest of {0}@{1}: {2}', target.repository, reference, errorMessage(error)));
        return undefined;
      }
    }),
    registerLogged(services.log, 'registryExplorer.copyReference', async (node?: unknown, selected?: unknown) => copy(await referencesOf(services, node, selected, 'reference'))),
    registerLogged(services.log, 'registryExplorer.copyDigest', async (node?: unknown, selected?: unknown) => copy(await referencesOf(services, node, selected, 'digest'))),
    registerLogged(services.log, 'registryExplorer.copyPullCommand', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Copy pull command'));
      if (!target) return undefined;
      const ref = manifestRef(target);
      let command: string;
      try {
        command = pullCommand(hostOf(target.registry.url), target.repository, ref.kind === 'tag' ? { tag: ref.tag } : { digest: ref.digest });
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('No pull command copied: {0}', errorMessage(error)));
        return undefined;
      }
      return copy(command);
    }),
  ];
}

async function copy(text: string | undefined): Promise<string | undefined> {
  if (!text) return undefined;
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  return text;
}

const REFERENCE_KINDS = ['registry', 'repository', 'tag', 'manifest', 'blob'] as const;
type ReferenceRow = Extract<TreeNode, { kind: (typeof REFERENCE_KINDS)[number] }>;

/** One line per selected row (the clicked row alone without a selection), or what the palette asks for. */
async function referencesOf(services: Services, node: unknown, selected: unknown, what: 'reference' | 'digest'): Promise<string | undefined> {
  const rows: ReferenceRow[] = nodeArguments(node, selected, ...REFERENCE_KINDS);
  if (rows.length === 0) {
    const picked = await pickManifestTarget(services, what === 'digest' ? vscode.l10n.t('Copy digest') : vscode.l10n.t('Copy reference'));
    if (picked) rows.push(picked);
  }
  // A digest of a registry or repository row is no digest at all: such rows are left out.
  const lines = await Promise.all(rows.map((row) => referenceOf(services, row, what)));
  const text = lines.filter((line): line is string => line !== undefined).join('\n');
  return text || undefined;
}

/** `host/repo:tag`, `host/repo@digest`, or just the digest; resolves a tag's digest when asked. */
async function referenceOf(services: Services, target: ReferenceRow, what: 'reference' | 'digest'): Promise<string | undefined> {
  const host = hostOf(target.registry.url);
  if (what === 'reference' && isLayout(target.registry)) return layoutReference(target);
  switch (target.kind) {
    case 'registry': return what === 'digest' ? undefined : host;
    case 'repository': return what === 'digest' ? undefined : `${host}/${target.repository}`;
    case 'tag': {
      if (what === 'reference') return `${host}/${target.repository}:${target.tag.name}`;
      if (target.tag.digest) return target.tag.digest;
      const client = await services.clients.get(target.registry);
      return (await client.getManifest(target.repository, target.tag.name)).digest;
    }
    case 'manifest':
    case 'blob':
      return what === 'digest' ? target.descriptor.digest : `${host}/${target.repository}@${target.descriptor.digest}`;
  }
}
