import * as vscode from 'vscode';

export const IMAGE_SCHEME = 'registry-image';

/** Read-only documents of an image: its config exactly as the registry served it, and its summary. */
export class ImageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly shown = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `title` becomes the tab's name; a division slash keeps a repository's "/" from starting a folder. */
  uriFor(host: string, title: string, key: string): vscode.Uri {
    return vscode.Uri.from({ scheme: IMAGE_SCHEME, path: `/${host}/${title.replace(/\//g, '\u2215')}`, query: key });
  }

  show(uri: vscode.Uri, text: string): void {
    this.shown.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  /** Drops the text of a closed document; reopening from the tree fetches it again. */
  forget(uri: vscode.Uri): void {
    if (uri.scheme === IMAGE_SCHEME) this.shown.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.shown.get(uri.toString()) ?? vscode.l10n.t('This document is no longer loaded: open it again from the Registry Explorer.');
  }

  dispose(): void {
    this.changed.dispose();
    this.shown.clear();
  }
}
