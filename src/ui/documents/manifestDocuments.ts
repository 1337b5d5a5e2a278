import * as vscode from 'vscode';
import type { FetchedManifest } from '../../registry/types';
import { escapeMarkdown } from '../markdown';
import { hostOf, type RegistryConfig } from '../registryConfig';
import { refText, type ManifestRef } from '../tree/nodes';
import { untrustedMarkdown } from '../untrustedMarkdown';

export const MANIFEST_SCHEME = 'registry-manifest';

interface ShownManifest { fetched: FetchedManifest; registry: RegistryConfig; repository: string; reference: ManifestRef }

/** Read-only documents holding a manifest exactly as the registry served it. */
export class ManifestDocuments implements vscode.TextDocumentContentProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly shown = new Map<string, ShownManifest>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(registry: RegistryConfig, repository: string, reference: ManifestRef, fetched: FetchedManifest): vscode.Uri {
    const hex = fetched.digest.split(':')[1]?.slice(0, 12) ?? '';
    const label = reference.kind === 'digest' ? `@${hex}` : `:${reference.tag} @${hex}`;
    // A division slash keeps the whole repository name in the tab title (a "/" would start a folder).
    const title = `${repository.replace(/\//g, '\u2215')}${label}.json`;
    return vscode.Uri.from({ scheme: MANIFEST_SCHEME, path: `/${hostOf(registry.url)}/${title}`, query: fetched.digest });
  }

  show(uri: vscode.Uri, entry: ShownManifest): void {
    this.shown.set(uri.toString(), entry);
    this.changed.fire(uri);
  }

  /** Drops the bytes of a closed document; reopening from the tree fetches them again. */
  forget(uri: vscode.Uri): void {
    if (uri.scheme === MANIFEST_SCHEME) this.shown.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const entry = this.shown.get(uri.toString());
    if (!entry) return `// ${vscode.l10n.t('This manifest is no longer loaded: open it again from the Registry Explorer.')}`;
    return entry.fetched.bytes.toString('utf8');
  }

  /** Hovering the first line tells what the document is: digest, media type, size. */
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.shown.get(document.uri.toString());
    if (!entry || position.line !== 0) return undefined;
    const { fetched, repository, reference } = entry;
    return new vscode.Hover(untrustedMarkdown([
      `**${escapeMarkdown(repository)}** ${escapeMarkdown(refText(reference))}`,
      [
        `- ${vscode.l10n.t('Digest: {0}', escapeMarkdown(fetched.digest))}`,
        `- ${vscode.l10n.t('Media type: {0}', escapeMarkdown(fetched.mediaType))}`,
        `- ${vscode.l10n.t('Size: {0} bytes', fetched.bytes.length)}`,
      ].join('\n'),
    ].join('\n\n')));
  }

  dispose(): void {
    this.changed.dispose();
    this.shown.clear();
  }
}
