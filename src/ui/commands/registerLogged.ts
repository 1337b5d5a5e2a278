import * as vscode from 'vscode';
import { errorMessage, isCancellation, rawErrorMessage } from '../errors';
import type { Log } from '../log';

/**
 * Registers a command whose final failure is written to the log under the command's name and told
 * to the user, instead of surfacing as VS Code's bare "command failed" (or nowhere).
 */
export function registerLogged<A extends unknown[], R>(log: Log, id: string, handler: (...args: A) => R | Thenable<R>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isCancellation(error)) return undefined;
      reportFailure(log, id, error);
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', commandTitle(id), errorMessage(error)));
      return undefined;
    }
  });
}

/** One log line for a command's final failure: the plain words and, when different, the raw message. */
export function reportFailure(log: Log, id: string, error: unknown): void {
  log.error(shortName(id), describeFailure(error));
}

/** The plain words and, when they differ, the raw message too. */
export function describeFailure(error: unknown): string {
  const plain = errorMessage(error);
  const raw = rawErrorMessage(error);
  return plain === raw ? raw : `${plain} (${raw})`;
}

function shortName(id: string): string {
  return id.replace(/^registryExplorer\./, '');
}

/** `registryExplorer.downloadConfig` → `Download config`. */
function commandTitle(id: string): string {
  const words = shortName(id).replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
