// OCI layouts found in the workspace: folders holding an `oci-layout` file, looked for by a bounded
// search, again when workspace folders change or such a file appears or goes. They show in the tree
// beside the configured registries and are never written to settings unless the user pins one.
import { dirname, sep } from 'node:path';
import * as vscode from 'vscode';
import { layoutConfig, type RegistryConfig } from '../registryLocation';

/** At most this many layouts are looked for; a workspace with more shows the first ones. */
export const MAX_FOUND_LAYOUTS = 50;
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
/** File events come in bursts (a pull writes many files): one search after they settle. */
const RESCAN_DELAY_MS = 300;

export class WorkspaceLayouts implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private folders: string[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;

  constructor(private readonly log: (message: string) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/oci-layout', false, true, false);
    // A folder deleted whole reports only itself, not the oci-layout file inside it.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.subscriptions.push(
      watcher,
      deletions,
      watcher.onDidCreate(() => this.rescanSoon()),
      watcher.onDidDelete(() => this.rescanSoon()),
      deletions.onDidDelete((uri) => { if (this.folders.some((folder) => isWithin(folder, uri.fsPath))) this.rescanSoon(); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanSoon()),
      this.changed,
    );
  }

  /** Layout entries for the folders found so far, marked as found in the workspace. */
  found(): RegistryConfig[] {
    return this.folders.map((folder) => layoutConfig(folder, { foundInWorkspace: true }));
  }

  /** Searches now; resolves when the list is current. */
  scan(): Promise<void> {
    this.scanning ??= this.search().finally(() => { this.scanning = undefined; });
    return this.scanning;
  }

  private rescanSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.scan(), RESCAN_DELAY_MS);
  }

  private async search(): Promise<void> {
    let folders: string[] = [];
    if (vscode.workspace.workspaceFolders?.length) {
      try {
        const files = await vscode.workspace.findFiles('**/oci-layout', EXCLUDE, MAX_FOUND_LAYOUTS);
        folders = files.filter((uri) => uri.scheme === 'file').map((uri) => dirname(uri.fsPath)).sort();
      } catch (error) {
        this.log(`looking for OCI layouts in the workspace failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (JSON.stringify(folders) === JSON.stringify(this.folders)) return;
    this.folders = folders;
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** True when `path` is `folder` or one of the folders above it. */
function isWithin(folder: string, path: string): boolean {
  return folder === path || folder.startsWith(path.endsWith(sep) ? path : path + sep);
}
