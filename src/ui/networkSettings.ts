// Network settings of the extension: time limits and the CA certificates to trust.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { TimeoutOptions } from '../registry/transport/timeouts';
import { userSetting, type RegistryConfig } from './registryConfig';

const SECTION = 'registryExplorer';
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function milliseconds(seconds: unknown): number | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** `registryExplorer.requestTimeoutSeconds` and `registryExplorer.idleTimeoutSeconds`; unset or invalid: the defaults. */
export function timeoutSettings(): TimeoutOptions {
  const config = vscode.workspace.getConfiguration(SECTION);
  return { headersMs: milliseconds(config.get('requestTimeoutSeconds')), idleMs: milliseconds(config.get('idleTimeoutSeconds')) };
}

/** One entry: PEM text as it is, or the absolute (or `~/`) path of a PEM file, read now. */
async function certificateFrom(entry: string): Promise<string> {
  const text = entry.trim();
  if (text.startsWith('-----BEGIN')) {
    if (!PEM_CERTIFICATE.test(text)) throw new Error(vscode.l10n.t('A CA certificate in the settings is not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)'));
    return text;
  }
  const path = text.startsWith('~/') ? join(homedir(), text.slice(2)) : text;
  if (!isAbsolute(path)) throw new Error(vscode.l10n.t('CA certificate file "{0}" must be an absolute path (or start with ~/)', text));
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(vscode.l10n.t('Cannot read the CA certificate file "{0}": {1}', text, (error as NodeJS.ErrnoException).code ?? String(error)), { cause: error });
  }
  if (!PEM_CERTIFICATE.test(pem)) throw new Error(vscode.l10n.t('"{0}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)', text));
  return pem;
}

/** The global `registryExplorer.caCertificates` followed by the registry's own `caCertificates`. */
export async function caCertificatesFor(config: RegistryConfig): Promise<string[]> {
  const global = userSetting<unknown>('caCertificates');
  const entries = [...(Array.isArray(global) ? global : []), ...(Array.isArray(config.caCertificates) ? config.caCertificates : [])];
  return Promise.all(entries.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').map(certificateFrom));
}
