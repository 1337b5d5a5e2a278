// Public surface of the registry service (no `vscode` here: the CLI and tests use it from plain Node).
export * from './types';
export * from './errors';
export { RegistryClient, type RegistryClientOptions } from './client';
export { RegistryTransport, type TransportOptions } from './transport/transport';
export type { RetryOptions } from './transport/retryPolicy';
export { redactUrlForLog } from './transport/redact';
export { collectPages } from './operations/listing';
export { looksLikeAcrHost } from './operations/acr';
export type { DeleteTagOptions } from './operations/manifests';
export type { DownloadOptions } from './transfers/download';
export type { UploadOptions } from './transfers/upload';
export { pullImage, pushImage, defaultPlatform, matchesPlatform, type PullOptions, type PushOptions } from './transfers/image';
export { initLayout, readLayoutIndex, blobPath, REF_NAME_ANNOTATION } from './transfers/layout';
export { parseReference, formatReference, referenceTarget, parseRegistryLocation, registryBaseUrl } from './reference';
export { parseManifest, platformLabel } from './manifest';
export { computeDigest, parseDigest } from './digest';
