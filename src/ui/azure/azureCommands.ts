// The Azure commands: discovery through Resource Manager and Log in to Docker. A cancelled one
// ends quietly.
import { isCancellation } from '../errors';
import type { Services } from '../services';
import { addAzureRegistry } from './addAzureRegistry';
import { logInToDocker } from './dockerLogin';

async function quietlyCancelled(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isCancellation(error)) throw error;
  }
}

export function runAddAzureRegistry(services: Services): Promise<void> {
  return quietlyCancelled(addAzureRegistry(services));
}

export function runDockerLogin(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  return quietlyCancelled(logInToDocker(services, clicked, selected));
}
