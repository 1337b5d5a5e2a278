// Entra ID tokens for Azure Container Registry through VS Code's sign-in, without importing
// `vscode`, so the rules below can be tested with a stand-in for `vscode.authentication`.
import * as l10n from '@vscode/l10n';

/** Minimal shape of @azure/core-auth's TokenCredential, so this file needs no Azure import. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** The part of `vscode.authentication` used here. */
export interface SessionSource {
  getSession(providerId: string, scopes: readonly string[], options: { silent?: boolean; createIfNone?: boolean }): PromiseLike<{ accessToken: string } | undefined>;
}

export interface SignInOptions {
  authentication: SessionSource;
  providerId: string;
  scope: string;
  tenantId?: string;
  /** Used only where VS Code has no such authentication provider (code-server, some forks). */
  fallback: () => Promise<TokenCredentialLike>;
}

/** The user dismissed the Microsoft sign-in; the next request asks again. */
export class SignInCancelledError extends Error {
  constructor(providerId: string) {
    super(l10n.t('Microsoft sign-in ({0}) was cancelled: sign in to use this registry', providerId));
    this.name = 'SignInCancelledError';
  }
}

// VS Code's wordings when no extension provides the requested authentication provider (at once,
// or after waiting for one to register).
const PROVIDER_ABSENT = /No authentication provider '.*' is currently registered|Timed out waiting for authentication provider '.*' to register/;
// A declined consent prompt or a dismissed sign-in flow.
const CANCELLED = /did not consent|cancel/i;

/**
 * VS Code's sign-in first (no extra login for the user). DefaultAzureCredential only when the
 * provider does not exist; a cancelled or failed sign-in is reported as such, every time.
 */
export function signInCredential(options: SignInOptions): TokenCredentialLike {
  const scopes = [options.scope, ...(options.tenantId ? [`VSCODE_TENANT:${options.tenantId}`] : [])];
  let fallback: Promise<TokenCredentialLike> | undefined;
  return {
    async getToken(requested) {
      if (!fallback) {
        try {
          // Silent first: no prompt when the user already granted access to a signed-in account.
          const session = await options.authentication.getSession(options.providerId, scopes, { silent: true })
            ?? await options.authentication.getSession(options.providerId, scopes, { createIfNone: true });
          if (!session) throw new SignInCancelledError(options.providerId);
          // VS Code refreshes sessions itself; asking each time keeps the token fresh.
          return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
        } catch (error) {
          if (error instanceof SignInCancelledError) throw error;
          const message = error instanceof Error ? error.message : String(error);
          if (!PROVIDER_ABSENT.test(message)) {
            const name = (error as { name?: unknown } | undefined)?.name;
            if (name === 'Canceled' || CANCELLED.test(message)) throw new SignInCancelledError(options.providerId);
            throw new Error(l10n.t('Microsoft sign-in ({0}) failed: {1}', options.providerId, message), { cause: error });
          }
          fallback = options.fallback();
        }
      }
      return (await fallback).getToken(requested);
    },
  };
}
