// Everything Azure on the VS Code side, bundled as a file of its own (dist/azureCommands.js, see
// esbuild.mjs) and loaded on first use: Entra sign-in for `azure` registries, discovery through
// Resource Manager and Log in to Docker are parsed only by users who sign in to Azure. Errors are
// handled here with this file's own copies of the error classes; cancellations end quietly.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { isCancellation } from '../errors';
import type { Services } from '../services';
import { addAzureRegistry } from './addAzureRegistry';
import { logInToDocker } from './dockerLogin';

export { azureCredentialFor } from '../azureCredential';
export { containerRegistryScope } from './azureSettings';

// This file's copy of @vscode/l10n translates with VS Code's bundle too.
if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });

async function quietlyCancelled(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isCancellation(error)) throw error;
  }
}

export function runAddAzureRegistry(services: Services): Promise<void> {
  return quietlyCancelled(addAzureRegistry(services));
}

export function runDockerLogin(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  return quietlyCancelled(logInToDocker(services, clicked, selected));
}
