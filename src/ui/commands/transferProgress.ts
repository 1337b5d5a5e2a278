import * as vscode from 'vscode';
import type { ProgressEvent } from '../../registry/types';
import { formatBytes } from '../../registry/byteSize';

/**
 * Runs a cancellable transfer in a notification that counts bytes. The CancellationToken becomes
 * the AbortSignal handed all the way down to the HTTP request.
 */
export function withTransferProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (e: ProgressEvent) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    let reported = 0;
    let lastUpdate = 0;
    const onProgress = ({ transferred, total }: ProgressEvent) => {
      const now = Date.now();
      if (now - lastUpdate < 100 && transferred !== total) return;
      lastUpdate = now;
      const increment = total ? ((transferred - reported) / total) * 100 : undefined;
      reported = transferred;
      progress.report({ message: total ? vscode.l10n.t('{0} of {1}', formatBytes(transferred), formatBytes(total)) : formatBytes(transferred), increment });
    };
    return work(abort.signal, onProgress).finally(() => subscription.dispose());
  });
}
