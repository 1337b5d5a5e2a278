// Public surface of the auth module.
export { createAuthPolicy, AUTH_POLICY_NAME, AUTH_SCOPES_HEADER, type AuthPolicyOptions } from './authPolicy';
export { Authenticator, type AuthenticatorOptions, type Authorization } from './authenticator';
export { resolveCredential, scopeFromAudience, describeCredential, type RegistryCredential } from './credentials';
export { credentialFromDockerConfig, defaultDockerConfigPath, readDockerConfig } from './dockerConfig';
export { runCredentialHelper } from './credentialHelper';
export { DEFAULT_ACR_SCOPE, type TokenCredentialLike } from './azure';
export { TokenCache, expiryFrom } from './tokenCache';
export { guessScopes } from './scopes';
