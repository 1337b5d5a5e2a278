import * as vscode from 'vscode';
import { registerLogged } from '../commands/registerLogged';
import type { ImageDocuments } from '../documents/imageDocuments';
import type { ManifestDocuments } from '../documents/manifestDocuments';
import type { Services } from '../services';
import { IMAGEFS_COMMANDS } from './commandHandlers';
import { createImageFs, type ImageFs } from './imagefsChunk';
import { IMAGE_SCHEME, LAYER_SCHEME } from './imageUri';

/**
 * Images and layers as read-only folders, layer rows that list their entries, comparisons of two
 * images, and the commands on them. What is behind them is set up on first use (imagefsChunk.ts).
 */
export function registerImageFilesystem(services: Services, manifests: ManifestDocuments, notes: ImageDocuments): vscode.Disposable[] {
  let loaded: ImageFs | undefined;
  const imageFs = () => {
    loaded ??= createImageFs(services, manifests, notes);
    return loaded;
  };
  services.tree.state.layerRows = (parent, layer, directory) => imageFs().layerRows(parent, layer, directory);
  const fileSystem = new LazyFileSystem(() => imageFs().fileSystem);
  return [
    vscode.workspace.registerFileSystemProvider(IMAGE_SCHEME, fileSystem, { isReadonly: true, isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(LAYER_SCHEME, fileSystem, { isReadonly: true, isCaseSensitive: true }),
    ...IMAGEFS_COMMANDS.map((id) => registerLogged(services.log, id, (...args: unknown[]) => {
      const handler = imageFs().commands[id] as (...a: unknown[]) => Promise<unknown>;
      return handler(...args);
    })),
    { dispose: () => loaded?.dispose() },
  ];
}

/** Hands every call to the provider once it is set up; images never change, so there is nothing to watch. */
class LazyFileSystem implements vscode.FileSystemProvider {
  private readonly never = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.never.event;

  constructor(private readonly provider: () => vscode.FileSystemProvider) {}

  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri) { return this.provider().stat(uri); }
  readDirectory(uri: vscode.Uri) { return this.provider().readDirectory(uri); }
  readFile(uri: vscode.Uri) { return this.provider().readFile(uri); }
  createDirectory(uri: vscode.Uri) { return this.provider().createDirectory(uri); }
  writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }) { return this.provider().writeFile(uri, content, options); }
  delete(uri: vscode.Uri, options: { readonly recursive: boolean }) { return this.provider().delete(uri, options); }
  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }) { return this.provider().rename(oldUri, newUri, options); }
}
