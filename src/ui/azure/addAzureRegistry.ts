// Add Azure Container Registry…: signs in to Resource Manager, lists the registries of every
// subscription the account sees, grouped by subscription, and adds the one picked (or all of them)
// as `azure` entries. Failures say what to do, with the action as a button.
import * as vscode from 'vscode';
import type { AzureCloud } from '../../registry/azure/clouds';
import { discoverRegistries, type SubscriptionRegistries } from '../../registry/azure/discovery';
import type { AzureContainerRegistry } from '../../registry/azure/resourceManager';
import { ForbiddenError, UnauthorizedError } from '../../registry/errors';
import { SignInCancelledError } from '../azureSignIn';
import { saveRegistries, sameHost } from '../commands/registries';
import { errorMessage } from '../errors';
import { readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { createResourceManager } from './azureAccess';
import { chosenCloud } from './azureSettings';

export const ADD_AZURE_REGISTRY = 'registryExplorer.addAzureRegistry';

type Pick = vscode.QuickPickItem & { registries?: AzureContainerRegistry[]; tenantOf?: Map<string, string | undefined>; failed?: SubscriptionRegistries };

export async function addAzureRegistry(services: Services): Promise<void> {
  const cloud = chosenCloud();
  const groups = await listGroups(services, cloud);
  if (!groups) return;
  const found = groups.reduce((n, g) => n + g.registries.length, 0);
  services.log.info('azure', `${cloud.resourceManager}: ${groups.length} subscription(s), ${found} container registr${found === 1 ? 'y' : 'ies'}`);
  if (groups.length === 0) return offerInstead(vscode.l10n.t('The signed-in account has no Azure subscriptions in {0}.', cloud.name), true);
  if (found === 0 && groups.every((g) => !g.error)) {
    return offerInstead(vscode.l10n.t('None of your {0} Azure subscriptions holds a container registry.', groups.length), false);
  }
  const picked = await vscode.window.showQuickPick(pickItems(groups), {
    title: vscode.l10n.t('Add Azure Container Registry'),
    placeHolder: vscode.l10n.t('{0} registries in {1} subscriptions — pick one to add it to the explorer', found, groups.length),
    matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true,
  });
  if (!picked) return;
  if (picked.failed) return showGroupError(picked.failed);
  await addRegistries(services, picked.registries ?? [], picked.tenantOf ?? new Map());
}

/** The groups, or undefined after telling the user why there are none. */
async function listGroups(services: Services, cloud: AzureCloud): Promise<SubscriptionRegistries[] | undefined> {
  try {
    const arm = await createResourceManager(cloud, services.log);
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing your Azure container registries…'), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return discoverRegistries(arm, { signal: abort.signal });
      },
    );
  } catch (error) {
    if (error instanceof SignInCancelledError) {
      const signIn = vscode.l10n.t('Sign In');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Sign in with your Microsoft account to list your Azure container registries.'), signIn);
      if (answer === signIn) await vscode.commands.executeCommand(ADD_AZURE_REGISTRY);
      return undefined;
    }
    if (error instanceof UnauthorizedError || error instanceof ForbiddenError) {
      services.log.warn('azure', error.message);
      const retry = vscode.l10n.t('Retry');
      const chooseCloud = vscode.l10n.t('Choose Cloud');
      const advice = error instanceof UnauthorizedError
        ? vscode.l10n.t('Is the sign-in for the right cloud ({0})?', cloud.name)
        : vscode.l10n.t('Listing needs the Reader role on a subscription.');
      const answer = await vscode.window.showErrorMessage(`${errorMessage(error)} ${advice}`, retry, chooseCloud);
      if (answer === retry) await vscode.commands.executeCommand(ADD_AZURE_REGISTRY);
      if (answer === chooseCloud) await vscode.commands.executeCommand('workbench.action.openSettings', 'registryExplorer.azureCloud');
      return undefined;
    }
    throw error;
  }
}

function pickItems(groups: SubscriptionRegistries[]): Pick[] {
  const configured = readRegistries();
  const added = (registry: AzureContainerRegistry) => configured.some((r) => sameHost(r, registry.loginServer));
  const tenantOf = new Map(groups.map((g) => [g.subscription.subscriptionId, g.subscription.tenantId]));
  const missing = groups.flatMap((g) => g.registries).filter((r) => !added(r));
  const items: Pick[] = [];
  if (missing.length > 1) items.push({ label: `$(add) ${vscode.l10n.t('Add all {0} registries not in the explorer yet', missing.length)}`, registries: missing, tenantOf, alwaysShow: true });
  for (const group of groups) {
    if (group.registries.length === 0 && !group.error) continue;
    items.push({ label: group.subscription.displayName, kind: vscode.QuickPickItemKind.Separator });
    if (group.error) {
      items.push({ label: `$(warning) ${vscode.l10n.t('Could not list the registries of this subscription')}`, detail: errorMessage(group.error), failed: group });
      continue;
    }
    for (const registry of group.registries) {
      const where = [registry.resourceGroup, registry.location, registry.sku].filter(Boolean).join(' · ');
      items.push({
        label: registry.name,
        description: added(registry) ? vscode.l10n.t('{0} · in the explorer', registry.loginServer) : registry.loginServer,
        detail: where || undefined,
        registries: [registry], tenantOf,
      });
    }
  }
  return items;
}

async function addRegistries(services: Services, registries: AzureContainerRegistry[], tenantOf: Map<string, string | undefined>): Promise<void> {
  const existing = readRegistries();
  const fresh = registries.filter((registry) => !existing.some((r) => sameHost(r, registry.loginServer)));
  if (fresh.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', registries.map((r) => r.loginServer).join(', ')));
    return;
  }
  const entries = fresh.map((registry): RegistryConfig => {
    const tenantId = tenantOf.get(registry.subscriptionId);
    return { name: registry.name, url: `https://${registry.loginServer}`, auth: 'azure', ...(tenantId ? { tenantId } : {}) };
  });
  await saveRegistries(services, [...existing, ...entries]);
  for (const entry of entries) services.log.info('registries', `added ${entry.url} (azure) from Azure Resource Manager`);
}

async function offerInstead(message: string, mentionCloud: boolean): Promise<void> {
  const addByUrl = vscode.l10n.t('Add Registry by URL…');
  const chooseCloud = vscode.l10n.t('Choose Cloud');
  const answer = await vscode.window.showInformationMessage(message, addByUrl, ...(mentionCloud ? [chooseCloud] : []));
  if (answer === addByUrl) await vscode.commands.executeCommand('registryExplorer.addRegistry');
  if (answer === chooseCloud) await vscode.commands.executeCommand('workbench.action.openSettings', 'registryExplorer.azureCloud');
}

async function showGroupError(group: SubscriptionRegistries): Promise<void> {
  const text = vscode.l10n.t('The registries of {0} could not be listed: {1}', group.subscription.displayName, errorMessage(group.error));
  await vscode.window.showErrorMessage(text);
}
