// What both the registry service and the VS Code side need to know about Azure Container Registry.

/** Login-server domains of ACR in the public and national clouds. */
const ACR_HOST = /\.azurecr\.(io|cn|us)$|\.azurecr\.microsoft\.(scloud|eaglex\.ic\.gov)$/i;

/** True for `name.azurecr.io` and its national-cloud equivalents, with or without a port. */
export function isAcrHost(host: string): boolean {
  return ACR_HOST.test(host.replace(/:\d+$/, ''));
}

/**
 * Default Entra scope for ACR's data plane. ACR also accepts ARM-audience tokens
 * (`https://management.azure.com/.default`, or the national-cloud ARM host), unless the registry
 * disables ARM-audience tokens; the ACR audience works in both cases, so it is the default.
 */
export const DEFAULT_ACR_SCOPE = 'https://containerregistry.azure.net/.default';
