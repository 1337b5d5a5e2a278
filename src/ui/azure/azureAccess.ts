// A Resource Manager client signed in through VS Code's Microsoft account (DefaultAzureCredential
// where VS Code has none), with the network settings every registry client gets.
import * as vscode from 'vscode';
import { loadAzureCredential } from '../../registry/auth/azure';
import type { AzureCloud } from '../../registry/azure/clouds';
import { ResourceManager } from '../../registry/azure/resourceManager';
import { SignInCancelledError, signInCredential } from '../azureSignIn';
import { checkedProxy } from '../clients';
import type { Log } from '../log';
import { caCertificatesFor, timeoutSettings } from '../networkSettings';
import { authenticationProviderId } from './azureSettings';

export async function createResourceManager(cloud: AzureCloud, log: Log): Promise<ResourceManager> {
  const credential = signInCredential({
    authentication: vscode.authentication,
    providerId: authenticationProviderId(),
    scope: cloud.resourceManagerScope,
    fallback: () => loadAzureCredential(),
  });
  const http = vscode.workspace.getConfiguration('http');
  return new ResourceManager({
    cloud,
    getToken: async (scope) => {
      const token = await credential.getToken(scope).catch((error: unknown) => {
        if (error instanceof SignInCancelledError) throw error;
        // DefaultAzureCredential explains every credential it tried; the first line says enough.
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
        throw new Error(vscode.l10n.t('No Microsoft sign-in for Azure Resource Manager ({0}): sign in to VS Code with a Microsoft account, or with the Azure CLI (az login)', reason), { cause: error });
      });
      if (!token?.token) throw new Error(vscode.l10n.t('The Microsoft sign-in returned no token for Azure Resource Manager'));
      return token.token;
    },
    log: log.sink,
    userAgent: 'vscode-registry-explorer',
    timeouts: timeoutSettings(),
    proxy: checkedProxy(http.get<string>('proxy')),
    rejectUnauthorized: http.get<boolean>('proxyStrictSSL', true),
    caCertificates: await caCertificatesFor({ url: cloud.resourceManager }),
  });
}
