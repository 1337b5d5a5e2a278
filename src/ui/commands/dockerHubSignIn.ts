// The Docker Hub sign-in questions: a username and a personal access token (checked with the Hub
// before anything is saved), or public namespaces only. The token goes to SecretStorage, never to
// settings; the registry takes the same username and token as Basic credentials.
import * as vscode from 'vscode';
import { isValidNamespace } from '../../registry/sources/dockerHubPages';
import { errorMessage, isCancellation } from '../errors';
import type { RegistryConfig } from '../registryConfig';
import type { NewSecret } from '../secrets';
import type { Services } from '../services';

export interface HubSignInAnswer { config: RegistryConfig; secret?: NewSecret }

/** Asks how to sign in to Docker Hub; undefined when cancelled. The answer's config keeps every other field of `config`. */
export async function askDockerHubSignIn(services: Services, config: RegistryConfig): Promise<HubSignInAnswer | undefined> {
  const title = vscode.l10n.t('Sign in to Docker Hub');
  const choices = [
    { signIn: true, label: vscode.l10n.t('Username and personal access token'), detail: vscode.l10n.t('Your repositories, private ones too; read-only scope to browse, read/write/delete to push and delete') },
    { signIn: false, label: vscode.l10n.t('Public namespaces only'), detail: vscode.l10n.t('No sign-in: public repositories, with Docker Hub\'s lower anonymous rate limits') },
  ];
  if (config.auth !== 'basic' && config.username === undefined && config.namespaces) choices.reverse();
  const picked = await vscode.window.showQuickPick(choices, { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  const result: RegistryConfig = { ...config };
  delete result.username;
  if (!picked.signIn) return { config: { ...result, auth: 'anonymous' } };
  let username = config.username;
  for (;;) {
    username = await vscode.window.showInputBox({
      title, prompt: vscode.l10n.t('Docker ID (username)'), value: username, ignoreFocusOut: true,
      validateInput: (value) => (isValidNamespace(value.trim().toLowerCase()) ? undefined : vscode.l10n.t('A Docker ID has lowercase letters, digits, "-" or "_"')),
    });
    if (!username) return undefined;
    username = username.trim().toLowerCase();
    const token = await vscode.window.showInputBox({
      title, prompt: vscode.l10n.t('Personal access token of {0} (Account settings → Personal access tokens)', username), password: true, ignoreFocusOut: true,
    });
    if (!token) return undefined;
    const signedIn: RegistryConfig = { ...result, auth: 'basic', username };
    const checked = await checkToken(services, signedIn, token);
    if (checked === 'retry') continue;
    if (!checked) return undefined;
    return { config: signedIn, secret: { registry: signedIn, value: token } };
  }
}

/** Signs in to the Hub API once with the token: true when it worked, 'retry' to ask again, undefined to give up. */
async function checkToken(services: Services, config: RegistryConfig, token: string): Promise<boolean | 'retry' | undefined> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to Docker Hub as {0}…', config.username ?? ''), cancellable: true },
      async (_progress, cancel) => {
        const abort = new AbortController();
        cancel.onCancellationRequested(() => abort.abort());
        await (await services.clients.dockerHubTrial(config, token)).verifySignIn(abort.signal);
      },
    );
    services.log.info('dockerHub', `signed in to the Docker Hub API as ${config.username}`);
    return true;
  } catch (error) {
    if (isCancellation(error)) return undefined;
    services.log.warn('dockerHub', `sign-in as ${config.username} failed: ${errorMessage(error)}`);
    const again = vscode.l10n.t('Try Again');
    const choice = await vscode.window.showWarningMessage(errorMessage(error), { modal: true }, again);
    return choice === again ? 'retry' : undefined;
  }
}

/** Namespaces typed as `a, b c` → their lowercase names; undefined when one of them is not a namespace. */
export function parseNamespaces(text: string): string[] | undefined {
  const names = text.split(/[\s,]+/).map((name) => name.trim().toLowerCase()).filter(Boolean);
  return names.every(isValidNamespace) ? [...new Set(names)] : undefined;
}
