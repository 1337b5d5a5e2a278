// The seeded registries that the extension-host tests, the UI tests and the demo run against,
// and how they are described to the extension (settings) and to test code (environment).
import { startRegistry, type RunningRegistry } from './registryServer';
import { seedSampleContent, type SeededContent } from './seed';

export const DEMO_REGISTRY_NAME = 'Local demo registry';
export const BASIC_REGISTRY_NAME = 'Local basic-auth registry';
/** Test-only credentials of the throwaway basic-auth registry. */
export const BASIC_USER = 'crx-tester';
export const BASIC_PASSWORD = 'crx-test-password';

export interface TestRegistries {
  anonymous: RunningRegistry;
  /** What was pushed into `anonymous` (digests and bytes, for checking what the UI shows). */
  content: SeededContent;
  /** htpasswd registry with the same seeded content, when requested. */
  basic?: RunningRegistry;
  /** `registryExplorer.registries` value listing them. */
  setting: object[];
  /** Variables tests read: CRX_TEST_REGISTRY, CRX_TEST_BASIC_REGISTRY/_USER/_PASSWORD. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestRegistries(options: { withBasicAuth?: boolean } = {}): Promise<TestRegistries> {
  const started: RunningRegistry[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((registry) => registry.close()));
  };
  try {
    const anonymous = await startRegistry();
    started.push(anonymous);
    const content = await seedSampleContent(anonymous.url);
    const setting: object[] = [{ name: DEMO_REGISTRY_NAME, url: anonymous.url, auth: 'anonymous' }];
    const env: Record<string, string> = { CRX_TEST_REGISTRY: anonymous.url };

    let basic: RunningRegistry | undefined;
    if (options.withBasicAuth) {
      basic = await startRegistry({ auth: { kind: 'htpasswd', users: { [BASIC_USER]: BASIC_PASSWORD } } });
      started.push(basic);
      await seedSampleContent(basic.url, { username: BASIC_USER, password: BASIC_PASSWORD, extraRepositories: 0 });
      // The password is not in settings (secrets live in secret storage); tests enter it themselves.
      setting.push({ name: BASIC_REGISTRY_NAME, url: basic.url, auth: 'basic', username: BASIC_USER });
      Object.assign(env, {
        CRX_TEST_BASIC_REGISTRY: basic.url,
        CRX_TEST_BASIC_USER: BASIC_USER,
        CRX_TEST_BASIC_PASSWORD: BASIC_PASSWORD,
      });
    }
    return { anonymous, content, basic, setting, env, close };
  } catch (error) {
    await close();
    throw error;
  }
}
