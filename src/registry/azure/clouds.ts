// The Azure clouds the explorer can list registries in: where Resource Manager answers, which Entra
// scope its tokens are for, and which audience ACR's data plane accepts. Values from Azure's
// published cloud endpoints (the same for `az cloud show` and the Azure SDKs' environments).
import { isLoopbackHost } from '../reference';

export type AzureCloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

export interface AzureCloud {
  name: AzureCloudName;
  /** Resource Manager's origin, without a trailing slash. */
  resourceManager: string;
  /** Entra scope of a token for Resource Manager. */
  resourceManagerScope: string;
  /** Entra scope of a token for ACR's data plane (exchanged at the registry's /oauth2/exchange). */
  containerRegistryScope: string;
  /** Login-server suffix of registries in this cloud. */
  loginServerSuffix: string;
}

export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    resourceManager: 'https://management.azure.com',
    resourceManagerScope: 'https://management.azure.com/.default',
    containerRegistryScope: 'https://containerregistry.azure.net/.default',
    loginServerSuffix: 'azurecr.io',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    resourceManager: 'https://management.chinacloudapi.cn',
    resourceManagerScope: 'https://management.chinacloudapi.cn/.default',
    containerRegistryScope: 'https://containerregistry.azure.cn/.default',
    loginServerSuffix: 'azurecr.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    resourceManager: 'https://management.usgovcloudapi.net',
    resourceManagerScope: 'https://management.usgovcloudapi.net/.default',
    containerRegistryScope: 'https://containerregistry.azure.us/.default',
    loginServerSuffix: 'azurecr.us',
  },
};

/** An unknown or empty name is the public cloud. */
export function azureCloud(name: string | undefined): AzureCloud {
  return Object.hasOwn(AZURE_CLOUDS, name ?? '') ? AZURE_CLOUDS[name as AzureCloudName] : AZURE_CLOUDS.AzureCloud;
}

/** Thrown for a Resource Manager URL that cannot be used; the message says why. */
export class ResourceManagerUrlError extends Error {
  override name = 'ResourceManagerUrlError';
}

/**
 * The cloud with its Resource Manager replaced by `customUrl` (Azure Stack Hub, or a local server).
 * Its token is then asked for `<that origin>/.default`, so a token meant for a cloud's own Resource
 * Manager never goes to another host. HTTPS only, except on loopback.
 */
export function withResourceManager(cloud: AzureCloud, customUrl: string | undefined): AzureCloud {
  const text = customUrl?.trim();
  if (!text) return cloud;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ResourceManagerUrlError(`the Resource Manager URL "${text.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host))) {
    throw new ResourceManagerUrlError(`the Resource Manager URL must start with https:// (plain http:// only on this machine): ${url.origin}`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, '') !== '') {
    throw new ResourceManagerUrlError(`the Resource Manager URL must be an origin only, like https://management.example.com: ${url.origin}`);
  }
  return { ...cloud, resourceManager: url.origin, resourceManagerScope: `${url.origin}/.default` };
}
