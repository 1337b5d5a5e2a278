import { OciLayoutService } from '../../registry/sources/ociLayout';
import type { RegistryService } from '../../registry/types';
import { layoutFolder, type RegistryConfig } from '../registryLocation';

/** The service over a layout entry's folder: local files only, no endpoint, no credentials. */
export function layoutService(config: RegistryConfig): RegistryService {
  return new OciLayoutService(layoutFolder(config));
}
