import * as vscode from 'vscode';
import type { EntryType, FileNode } from '../../registry/imagefs/api';
import { errorMessage } from '../errors';
import type { ImageSources } from './imageSources';
import { parseImageUri, type ImageLocation } from './imageUri';
import { baseName, resolvePath, type BrowsableFiles } from './paths';

/**
 * Images and layers as read-only folders (`oci-image:` merged, `oci-layer:` one layer). Every URI
 * is pinned to a digest, so nothing here ever changes and nothing can be written.
 */
export class ImageFileSystem implements vscode.FileSystemProvider {
  private readonly never = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.never.event;

  constructor(private readonly sources: ImageSources) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { files, location } = await this.open(uri);
    const node = this.resolve(files, location, uri, false);
    if (node.type !== 'symlink') return statOf(node, fileType(node.type));
    const target = this.tryResolve(files, location.path);
    return statOf(target ?? node, vscode.FileType.SymbolicLink | (target ? fileType(target.type) : vscode.FileType.Unknown));
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { files, location } = await this.open(uri);
    const directory = this.resolve(files, location, uri, true);
    if (directory.type !== 'directory') throw vscode.FileSystemError.FileNotADirectory(uri);
    return files.readDirectory(directory.path).map((node): [string, vscode.FileType] => {
      if (node.type !== 'symlink') return [baseName(node.path), fileType(node.type)];
      const target = this.tryResolve(files, node.path);
      return [baseName(node.path), vscode.FileType.SymbolicLink | (target ? fileType(target.type) : vscode.FileType.Unknown)];
    });
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { files, location } = await this.open(uri);
    const node = this.resolve(files, location, uri, true);
    if (node.type === 'directory') throw vscode.FileSystemError.FileIsADirectory(uri);
    if (node.type !== 'file' && node.type !== 'hardlink') {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('/{0} is a {1}: it has no content to show', location.path, node.type));
    }
    try {
      return await files.readFile(node.path);
    } catch (error) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Could not read /{0}: {1}', location.path, errorMessage(error)));
    }
  }

  createDirectory(uri: vscode.Uri): never { throw readOnly(uri); }
  writeFile(uri: vscode.Uri): never { throw readOnly(uri); }
  delete(uri: vscode.Uri): never { throw readOnly(uri); }
  rename(uri: vscode.Uri): never { throw readOnly(uri); }

  private async open(uri: vscode.Uri): Promise<{ files: BrowsableFiles; location: ImageLocation }> {
    const location = parseImageUri(uri);
    if (!location) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      return { files: await this.sources.files(location), location };
    } catch (error) {
      if (error instanceof vscode.FileSystemError) throw error;
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Could not open {0}@{1}: {2}', location.repository, location.digest, errorMessage(error)));
    }
  }

  private resolve(files: BrowsableFiles, location: ImageLocation, uri: vscode.Uri, followLast: boolean): FileNode {
    let node: FileNode | undefined;
    try {
      node = resolvePath(files, location.path, followLast);
    } catch (error) {
      throw vscode.FileSystemError.Unavailable(errorMessage(error));
    }
    if (!node) throw vscode.FileSystemError.FileNotFound(uri);
    return node;
  }

  private tryResolve(files: BrowsableFiles, path: string): FileNode | undefined {
    try {
      return resolvePath(files, path, true);
    } catch {
      return undefined;
    }
  }
}

function readOnly(uri: vscode.Uri): vscode.FileSystemError {
  return vscode.FileSystemError.NoPermissions(vscode.l10n.t('{0} is read-only: images are pinned by digest', uri.path));
}

function fileType(type: EntryType): vscode.FileType {
  switch (type) {
    case 'directory': return vscode.FileType.Directory;
    case 'file':
    case 'hardlink': return vscode.FileType.File;
    case 'symlink': return vscode.FileType.SymbolicLink;
    default: return vscode.FileType.Unknown;
  }
}

function statOf(node: FileNode, type: vscode.FileType): vscode.FileStat {
  const mtime = node.mtime ?? 0;
  return { type, ctime: mtime, mtime, size: node.size, permissions: vscode.FilePermission.Readonly };
}
