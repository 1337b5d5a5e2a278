// An Azure Resource Manager look-alike for tests, written from the published REST reference
// (Azure/azure-rest-api-specs): GET /subscriptions (Microsoft.Resources 2022-12-01) and
// GET /subscriptions/{id}/providers/Microsoft.ContainerRegistry/registries (2023-07-01), both
// paged with an absolute `nextLink` (`$skiptoken`), ARM's `{ error: { code, message } }` bodies,
// 401 without a valid bearer token, 400 without `api-version`. Paths are matched without regard to
// case, as ARM does. No Entra ID: the accepted tokens are strings the test chooses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export interface ArmRegistry {
  name: string;
  resourceGroup: string;
  loginServer: string;
  location?: string;
  sku?: string;
}

export interface ArmSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state?: string;
  registries: ArmRegistry[];
  /** Listing its registries answers 403 AuthorizationFailed (no role on it). */
  forbidden?: boolean;
}

export interface ArmServerOptions {
  subscriptions: ArmSubscription[];
  /** Bearer tokens accepted; anything else gets 401. */
  tokens: string[];
  /** Items per page (default 1, so that every listing of two or more items has a nextLink). */
  pageSize?: number;
  /** Every nextLink names this origin instead of the server's own (a hostile or broken server). */
  nextLinkOrigin?: string;
}

export interface ArmRequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  authorized: boolean;
  status?: number;
}

export interface RunningArm {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ArmRequestRecord[];
  close(): Promise<void>;
}

const API_VERSIONS = { subscriptions: '2022-12-01', registries: '2023-07-01' };

export async function startArmServer(options: ArmServerOptions): Promise<RunningArm> {
  const requests: ArmRequestRecord[] = [];
  const pageSize = options.pageSize ?? 1;
  let origin = '';

  const send = (res: ServerResponse, record: ArmRequestRecord, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${requests.length}`, ...headers });
    res.end(JSON.stringify(body));
  };
  const armError = (res: ServerResponse, record: ArmRequestRecord, status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
    send(res, record, status, { error: { code, message } }, headers);

  /** One page of `items` from `$skiptoken` on, with a nextLink when more follow. */
  const page = (url: URL, items: unknown[]): { value: unknown[]; nextLink?: string } => {
    const start = Math.max(0, Number(url.searchParams.get('$skiptoken') ?? '0') || 0);
    const value = items.slice(start, start + pageSize);
    if (start + pageSize >= items.length) return { value };
    const next = new URL(url.pathname + url.search, options.nextLinkOrigin ?? origin);
    next.searchParams.set('$skiptoken', String(start + pageSize));
    return { value, nextLink: next.toString() };
  };

  const registryResource = (subscription: ArmSubscription, registry: ArmRegistry): unknown => ({
    id: `/subscriptions/${subscription.subscriptionId}/resourceGroups/${registry.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry.name}`,
    name: registry.name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: registry.location ?? 'westeurope',
    tags: {},
    sku: { name: registry.sku ?? 'Standard', tier: registry.sku ?? 'Standard' },
    properties: {
      loginServer: registry.loginServer,
      creationDate: '2025-01-15T10:00:00.0000000Z',
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      publicNetworkAccess: 'Enabled',
      zoneRedundancy: 'Disabled',
    },
  });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', origin);
    const header = req.headers.authorization ?? '';
    const authorized = header.startsWith('Bearer ') && options.tokens.includes(header.slice(7));
    const record: ArmRequestRecord = { method: req.method ?? '', url: req.url ?? '/', authorized };
    requests.push(record);
    if (!header.startsWith('Bearer ')) {
      return armError(res, record, 401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
        'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      });
    }
    if (!authorized) {
      return armError(res, record, 401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
        'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is invalid."',
      });
    }
    if (req.method !== 'GET') return armError(res, record, 405, 'MethodNotAllowed', 'Only GET is served here.');
    const path = url.pathname.replace(/\/+$/, '').toLowerCase();
    const apiVersion = url.searchParams.get('api-version');
    if (path === '/subscriptions') {
      if (apiVersion !== API_VERSIONS.subscriptions) return armError(res, record, 400, 'MissingApiVersionParameter', `The api-version query parameter (?api-version=) is required; this server serves ${API_VERSIONS.subscriptions}.`);
      const value = options.subscriptions.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, tenantId: s.tenantId, displayName: s.displayName,
        state: s.state ?? 'Enabled', subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
        authorizationSource: 'RoleBased', managedByTenants: [], tags: {},
      }));
      return send(res, record, 200, page(url, value));
    }
    const match = /^\/subscriptions\/([^/]+)\/providers\/microsoft\.containerregistry\/registries$/.exec(path);
    if (!match) return armError(res, record, 404, 'InvalidResourceType', 'The resource type could not be found.');
    if (apiVersion !== API_VERSIONS.registries) return armError(res, record, 400, 'MissingApiVersionParameter', `The api-version query parameter (?api-version=) is required; this server serves ${API_VERSIONS.registries}.`);
    const subscription = options.subscriptions.find((s) => s.subscriptionId.toLowerCase() === decodeURIComponent(match[1]));
    if (!subscription) return armError(res, record, 404, 'SubscriptionNotFound', `The subscription '${match[1]}' could not be found.`);
    if (subscription.forbidden) {
      return armError(res, record, 403, 'AuthorizationFailed', `The client does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/read' over scope '/subscriptions/${subscription.subscriptionId}'.`);
    }
    return send(res, record, 200, page(url, subscription.registries.map((r) => registryResource(subscription, r))));
  };

  const server = createServer(handle);
  const listener = await listenOnLoopback(server);
  origin = listener.url;
  return { url: origin, requests, close: listener.close };
}
