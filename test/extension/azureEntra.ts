// A Microsoft Entra stand-in for extension tests: an authentication provider registered by the test
// under its own id (VS Code only warns that the manifest does not declare it), which the extension
// then uses because `registryExplorer.azureAuthenticationProvider` names it. No code path in src
// knows about it. VS Code asks the user before an extension first gets a session; in tests its
// dialogs are refused, so the test takes the other way VS Code offers a user: the sign-in request
// it lists in the Accounts menu, run as its command (`<provider>:<extension id>:signIn<n>`).
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

export class TestEntraProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  /** Scopes of every session asked for, in order. */
  readonly asked: string[][] = [];
  private signedIn = false;
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private readonly registration: vscode.Disposable;

  /** `tokenFor` answers a session's access token from its scopes. */
  constructor(readonly id: string, private readonly tokenFor: (scopes: readonly string[]) => string) {
    this.registration = vscode.authentication.registerAuthenticationProvider(id, 'CRX Test Entra', this);
  }

  /** Signs the test account in and grants this extension access, as the Accounts menu's sign-in request does. */
  async signIn(): Promise<void> {
    await vscode.authentication.getSession(this.id, ['openid'], {});
    await vscode.commands.executeCommand(`${this.id}:${EXTENSION_ID}:signIn0`);
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    this.asked.push([...(scopes ?? [])]);
    return this.signedIn ? [this.session(scopes ?? [])] : [];
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.signedIn = true;
    const session = this.session(scopes);
    this.changed.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(): Promise<void> {
    this.signedIn = false;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }

  private session(scopes: readonly string[]): vscode.AuthenticationSession {
    return { id: 'crx-test-session', accessToken: this.tokenFor(scopes), account: { id: 'crx-test-account', label: 'developer@example.com' }, scopes };
  }
}
