// Azure Resource Manager, read-only: the signed-in account's subscriptions and the container
// registries in each (REST reference: Microsoft.Resources subscriptions 2022-12-01,
// Microsoft.ContainerRegistry registries 2023-07-01). Requests go through the project's transport
// (time limits, proxy, CA trust, retries on 429/5xx, logs without the token), only to the chosen
// cloud's Resource Manager: a `nextLink` on another origin is refused, not followed.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ForbiddenError, RegistryError, UnauthorizedError, redactUrl } from '../errors';
import { validateRegistryHost } from '../reference';
import { readBodyBytes, readErrorText } from '../transport/body';
import { RegistryTransport } from '../transport/transport';
import type { TimeoutOptions } from '../transport/timeouts';
import type { CallOptions, LogSink } from '../types';
import type { AzureCloud } from './clouds';

export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
export const REGISTRIES_API_VERSION = '2023-07-01';
/** A listing of more pages than this is a server sending `nextLink` forever. */
const MAX_PAGES = 200;
const MAX_PAGE_BYTES = 8 * 1024 * 1024;

export interface AzureSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
  /** Enabled, Warned, PastDue, Disabled or Deleted. */
  state?: string;
}

export interface AzureContainerRegistry {
  /** ARM resource id: /subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerRegistry/registries/<name>. */
  id: string;
  name: string;
  loginServer: string;
  subscriptionId: string;
  resourceGroup?: string;
  location?: string;
  sku?: string;
}

export interface ResourceManagerOptions {
  cloud: AzureCloud;
  /** An Entra access token for `cloud.resourceManagerScope`; asked for before each listing. */
  getToken(scope: string, signal?: AbortSignal): Promise<string>;
  log?: LogSink;
  userAgent?: string;
  timeouts?: TimeoutOptions;
  proxy?: string;
  rejectUnauthorized?: boolean;
  caCertificates?: string[];
}

export class ResourceManager {
  private readonly transport: RegistryTransport;
  private token?: string;

  constructor(private readonly options: ResourceManagerOptions) {
    const origin = new URL(options.cloud.resourceManager);
    const bearer: PipelinePolicy = {
      name: 'crxResourceManagerBearer',
      sendRequest: (request, next) => {
        if (this.token) request.headers.set('authorization', `Bearer ${this.token}`);
        return next(request);
      },
    };
    this.transport = new RegistryTransport(
      {
        host: origin.host, scheme: origin.protocol === 'http:' ? 'http' : 'https', auth: { kind: 'anonymous' },
        proxy: options.proxy, rejectUnauthorized: options.rejectUnauthorized, caCertificates: options.caCertificates,
      },
      { log: options.log, userAgent: options.userAgent, timeouts: options.timeouts, authPolicy: bearer },
    );
  }

  async listSubscriptions(options: CallOptions = {}): Promise<AzureSubscription[]> {
    const items = await this.listAll(`/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`, 'subscriptions', options.signal);
    return items.flatMap((item) => {
      const subscriptionId = text(item.subscriptionId);
      if (!subscriptionId) return [];
      return [{ subscriptionId, displayName: text(item.displayName) || subscriptionId, tenantId: text(item.tenantId), state: text(item.state) }];
    });
  }

  async listRegistries(subscriptionId: string, options: CallOptions = {}): Promise<AzureContainerRegistry[]> {
    const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.ContainerRegistry/registries?api-version=${REGISTRIES_API_VERSION}`;
    const items = await this.listAll(path, `the container registries of subscription ${subscriptionId}`, options.signal);
    return items.flatMap((item) => {
      const properties = (typeof item.properties === 'object' && item.properties !== null ? item.properties : {}) as Record<string, unknown>;
      const loginServer = text(properties.loginServer);
      const name = text(item.name);
      const id = text(item.id) ?? '';
      if (!loginServer || !name || !isRegistryHost(loginServer)) return [];
      const sku = typeof item.sku === 'object' && item.sku !== null ? text((item.sku as Record<string, unknown>).name) : undefined;
      return [{ id, name, loginServer: loginServer.toLowerCase(), subscriptionId, resourceGroup: /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1], location: text(item.location), sku }];
    });
  }

  /** Every page of an ARM list (`{ value: [...], nextLink }`). */
  private async listAll(firstPath: string, what: string, signal: AbortSignal | undefined): Promise<Record<string, unknown>[]> {
    this.token = await this.options.getToken(this.options.cloud.resourceManagerScope, signal);
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = this.transport.resolve(firstPath);
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) throw new RegistryError(`Azure Resource Manager sent more than ${MAX_PAGES} pages of ${what}`);
      const body = await this.getJson(url, what, signal);
      if (Array.isArray(body.value)) items.push(...body.value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null));
      url = this.nextPage(body.nextLink, what);
    }
    return items;
  }

  private nextPage(nextLink: unknown, what: string): string | undefined {
    if (typeof nextLink !== 'string' || nextLink === '') return undefined;
    let next: URL;
    try {
      next = new URL(nextLink, `${this.options.cloud.resourceManager}/`);
    } catch {
      throw new RegistryError(`Azure Resource Manager sent a nextLink for ${what} that is not a URL`);
    }
    if (next.origin !== this.transport.origin) {
      throw new RegistryError(`Azure Resource Manager sent a nextLink for ${what} on another host (${next.host}); it is not followed`);
    }
    return next.toString();
  }

  private async getJson(url: string, what: string, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    const response = await this.transport.send({ method: 'GET', url, headers: { accept: 'application/json' }, signal, streamStatuses: [200] });
    if (response.status !== 200) throw armFailure(response.status, await readErrorText(response), url, what);
    const bytes = await readBodyBytes(response, MAX_PAGE_BYTES, `a page of ${what}`);
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new RegistryError(`Azure Resource Manager answered ${redactUrl(url)} with something that is not a JSON object`);
  }
}

/** ARM's error body is `{ error: { code, message } }`; only a short, well-formed code is repeated. */
function armFailure(status: number, bodyText: string | undefined, url: string, what: string): RegistryError {
  let code: string | undefined;
  try {
    const parsed = JSON.parse(bodyText ?? '') as { error?: { code?: unknown } };
    if (typeof parsed.error?.code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(parsed.error.code)) code = parsed.error.code;
  } catch {
    // not JSON
  }
  const info = { status, code, method: 'GET', url };
  const suffix = code ? ` (${code})` : '';
  if (status === 401) return new UnauthorizedError(`Azure Resource Manager did not accept the sign-in for ${what}: HTTP 401${suffix}`, info);
  if (status === 403) return new ForbiddenError(`the signed-in account may not list ${what}: HTTP 403${suffix} (the Reader role on the subscription allows it)`, info);
  return new RegistryError(`listing ${what} failed at Azure Resource Manager: HTTP ${status}${suffix}`, info);
}

function isRegistryHost(host: string): boolean {
  try {
    validateRegistryHost(host);
    return true;
  } catch {
    return false;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
