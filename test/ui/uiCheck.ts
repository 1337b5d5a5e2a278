// One UI check: a named sequence of steps in an open workbench, failing by throwing.
import type { Page } from 'playwright-core';
import type { RunningCodeServer } from '../harness/codeServer';
import type { TestRegistries } from '../harness/testRegistries';

export interface UiContext {
  page: Page;
  server: RunningCodeServer;
  registries: TestRegistries;
  /** Set as `registryExplorer.downloadFolder`, so downloads need no folder dialog. */
  downloadDir: string;
}

export interface UiCheck {
  name: string;
  run(context: UiContext): Promise<void>;
}
