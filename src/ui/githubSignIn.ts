// GitHub sessions for the GHCR source through VS Code's sign-in, without importing `vscode`, so the
// rules below are tested with a stand-in for `vscode.authentication`.
import * as l10n from '@vscode/l10n';
import { GitHubSignInError } from '../registry/sources/githubApi';
import { GITHUB_READ_SCOPES, type GitHubSession, type GitHubSessions } from '../registry/sources/github';

/** The part of `vscode.authentication` used here. */
export interface GitHubAuthentication {
  getSession(
    providerId: string, scopes: readonly string[], options: { silent?: boolean; createIfNone?: boolean },
  ): PromiseLike<{ accessToken: string; account: { label: string } } | undefined>;
}

export const DEFAULT_GITHUB_PROVIDER = 'github';

// VS Code's wordings when no extension provides the provider (at once, or after waiting for one).
const PROVIDER_ABSENT = /No authentication provider '.*' is currently registered|Timed out waiting for authentication provider '.*' to register/;
// A declined consent prompt or a dismissed sign-in flow.
const CANCELLED = /did not consent|cancel/i;

/**
 * Reading never opens a sign-in by itself (no dialog when the tree draws at start-up): without a
 * session the row says so and offers Sign in. Pushing and deleting, which the user just asked for,
 * may ask for the sign-in and for the extra scopes.
 */
export function githubSessions(authentication: GitHubAuthentication, providerId: string): GitHubSessions {
  return {
    async get(scopes, interactive): Promise<GitHubSession> {
      const session = await askGitHub(authentication, providerId, scopes, interactive);
      if (!session) throw new GitHubSignInError(l10n.t('Not signed in to GitHub ({0}): sign in to list your container packages', providerId));
      return { accessToken: session.accessToken, account: session.account.label };
    },
  };
}

/** The Sign in action and Add GitHub Container Registry: asks the user when there is no session yet. */
export async function signInToGitHub(authentication: GitHubAuthentication, providerId: string): Promise<string | undefined> {
  try {
    return (await askGitHub(authentication, providerId, GITHUB_READ_SCOPES, true))?.account.label;
  } catch (error) {
    if (error instanceof GitHubSignInError && error.code === 'GITHUB_SIGN_IN_CANCELLED') return undefined;
    throw error;
  }
}

async function askGitHub(
  authentication: GitHubAuthentication, providerId: string, scopes: readonly string[], interactive: boolean,
): Promise<{ accessToken: string; account: { label: string } } | undefined> {
  try {
    return await authentication.getSession(providerId, scopes, interactive ? { createIfNone: true } : { silent: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (PROVIDER_ABSENT.test(message)) {
      throw new GitHubSignInError(l10n.t('VS Code has no sign-in provider "{0}": enable the GitHub Authentication extension, or name another provider in the registryExplorer.githubAuthenticationProvider setting', providerId));
    }
    const name = (error as { name?: unknown } | undefined)?.name;
    if (name === 'Canceled' || CANCELLED.test(message)) {
      throw new GitHubSignInError(l10n.t('GitHub sign-in ({0}) was cancelled', providerId), { code: 'GITHUB_SIGN_IN_CANCELLED' });
    }
    throw new GitHubSignInError(l10n.t('GitHub sign-in ({0}) failed: {1}', providerId, message.slice(0, 300)));
  }
}
