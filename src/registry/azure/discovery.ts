// The container registries the signed-in account can see, grouped by subscription. One
// subscription that refuses (no Reader role there, disabled) does not hide the others: its group
// carries the error instead of registries.
import type { CallOptions } from '../types';
import type { AzureContainerRegistry, AzureSubscription, ResourceManager } from './resourceManager';

export interface SubscriptionRegistries {
  subscription: AzureSubscription;
  registries: AzureContainerRegistry[];
  /** Why this subscription's registries could not be listed. */
  error?: Error;
}

/** Subscriptions listed at once. */
const CONCURRENCY = 4;

/** Throws when the subscriptions themselves cannot be listed; an empty array means the account has none. */
export async function discoverRegistries(arm: Pick<ResourceManager, 'listSubscriptions' | 'listRegistries'>, options: CallOptions = {}): Promise<SubscriptionRegistries[]> {
  const subscriptions = (await arm.listSubscriptions(options))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
  const groups: SubscriptionRegistries[] = subscriptions.map((subscription) => ({ subscription, registries: [] }));
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < groups.length) {
      const group = groups[nextIndex++];
      try {
        group.registries = (await arm.listRegistries(group.subscription.subscriptionId, options)).sort((a, b) => a.name.localeCompare(b.name));
      } catch (error) {
        if (options.signal?.aborted) throw error;
        group.error = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
  return groups;
}
