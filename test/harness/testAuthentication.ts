// Sign-in sessions for extension-host tests. A test registers its own authentication provider
// (vscode.authentication.registerAuthenticationProvider) under an id the extension's provider setting
// then names. VS Code hands an extension a session of another extension's provider only after the
// user allowed it ("The extension … wants to sign in using …"), and in extension tests the workbench
// refuses to show that dialog. What the dialog would store is stored before the workbench starts:
// the allowed-extensions entry `<providerId>-<account>` in the browser's application storage
// (IndexedDB `vscode-web-state-db-global`, object store `ItemTable`), as VS Code 1.139's
// AuthenticationAccessService reads it. Nothing in the extension knows of this.

export const EXTENSION_ID = 'crx-team.container-registry-explorer';

/** The test GitHub provider and the account its sessions belong to. */
export const TEST_GITHUB_PROVIDER = 'crx-test-github';
export const TEST_GITHUB_ACCOUNT = 'Octo-User';

/** Provider and account pairs the extension under test may use without being asked. */
export const ALLOWED_TEST_ACCOUNTS = [{ providerId: TEST_GITHUB_PROVIDER, account: TEST_GITHUB_ACCOUNT }];

/** The little of the browser's IndexedDB used here (the project compiles without the DOM library). */
interface BrowserIndexedDb {
  open(name: string): {
    result: { createObjectStore(name: string): { put(value: string, key: string): void }; close(): void };
    onupgradeneeded: (() => void) | null;
    onsuccess: (() => void) | null;
  };
}

/** Runs in the page before the workbench: writes the entries while creating the store, before VS Code opens it. */
export function allowTestAccountsInBrowser(entries: Array<{ key: string; value: string }>): void {
  const request = (globalThis as unknown as { indexedDB: BrowserIndexedDb }).indexedDB.open('vscode-web-state-db-global');
  request.onupgradeneeded = () => {
    const store = request.result.createObjectStore('ItemTable');
    for (const { key, value } of entries) store.put(value, key);
  };
  request.onsuccess = () => request.result.close();
}

/** The storage entries for `allowTestAccountsInBrowser`. */
export function allowedAccountEntries(): Array<{ key: string; value: string }> {
  return ALLOWED_TEST_ACCOUNTS.map(({ providerId, account }) => ({
    key: `${providerId}-${account}`,
    value: JSON.stringify([{ id: EXTENSION_ID, name: 'Container Registry Explorer', allowed: true }]),
  }));
}
