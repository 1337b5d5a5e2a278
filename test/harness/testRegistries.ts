// The seeded registries that the extension-host tests, the UI tests and the demo run against,
// and how they are described to the extension (settings) and to test code (environment).
import { seedDemoContent, type DemoContent } from './demoSeed';
import { startRegistry, type RunningRegistry } from './registryServer';
import { seedSampleContent, type SeededContent } from './seed';
import { startTagPagingProxy } from './tagPagingProxy';

export const DEMO_REGISTRY_NAME = 'Local demo registry';
export const BASIC_REGISTRY_NAME = 'Local basic-auth registry';
/** Test-only credentials of the throwaway basic-auth registry. */
export const BASIC_USER = 'crx-tester';
export const BASIC_PASSWORD = 'crx-test-password';

export interface TestRegistries {
  anonymous: RunningRegistry;
  /** What was pushed into `anonymous` (digests and bytes, for checking what the UI shows). */
  content: SeededContent;
  /** The demo's signed web app and long tag list, when requested. */
  demo?: DemoContent;
  /** Where the extension reaches `anonymous`: the registry itself, or the tag-paging proxy in front of it with the demo content. */
  anonymousUrl: string;
  /** htpasswd registry with the same seeded content, when requested. */
  basic?: RunningRegistry;
  /** `registryExplorer.registries` value listing them. */
  setting: object[];
  /** Variables tests read: CRX_TEST_REGISTRY, CRX_TEST_BASIC_REGISTRY/_USER/_PASSWORD. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestRegistryOptions {
  withBasicAuth?: boolean;
  /** Adds the demo content and puts a proxy that pages tag lists in front of the anonymous registry. */
  demoContent?: boolean;
}

export async function startTestRegistries(options: TestRegistryOptions = {}): Promise<TestRegistries> {
  const started: Array<{ close(): Promise<void> }> = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((registry) => registry.close()));
  };
  try {
    const anonymous = await startRegistry();
    started.push(anonymous);
    const [content, demo] = await Promise.all([
      seedSampleContent(anonymous.url),
      options.demoContent ? seedDemoContent({ url: anonymous.url }) : undefined,
    ]);
    let anonymousUrl = anonymous.url;
    if (demo) {
      const proxy = await startTagPagingProxy(anonymous.url);
      started.push(proxy);
      anonymousUrl = proxy.url;
    }
    const setting: object[] = [{ name: DEMO_REGISTRY_NAME, url: anonymousUrl, auth: 'anonymous' }];
    const env: Record<string, string> = { CRX_TEST_REGISTRY: anonymousUrl };

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
    return { anonymous, content, demo, anonymousUrl, basic, setting, env, close };
  } catch (error) {
    await close();
    throw error;
  }
}
