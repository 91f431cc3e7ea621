/**
 * The Genesys Cloud regions, by every name people use for them. The SDK knows a region by its snake_case
 * key in `platformClient.PureCloudRegionHosts` (`us_east_1`) and `setEnvironment()` takes the domain
 * (`mypurecloud.com`); people write the AWS name (`us-east-1`), the domain, the API or login host, or a URL
 * copied from the browser. {@link resolveRegion} accepts all of them.
 *
 * The table mirrors `PureCloudRegionHosts` of SDK 262 key for key (a test keeps them in step). Location
 * names are for people only; Genesys does not publish them in the SDK.
 */

export const REGIONS = [
  { key: 'us_east_1', domain: 'mypurecloud.com', aws: 'us-east-1', name: 'US East (Virginia)' },
  { key: 'eu_west_1', domain: 'mypurecloud.ie', aws: 'eu-west-1', name: 'EU West (Dublin)' },
  { key: 'ap_southeast_2', domain: 'mypurecloud.com.au', aws: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { key: 'ap_northeast_1', domain: 'mypurecloud.jp', aws: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { key: 'eu_central_1', domain: 'mypurecloud.de', aws: 'eu-central-1', name: 'EU Central (Frankfurt)' },
  { key: 'us_west_2', domain: 'usw2.pure.cloud', aws: 'us-west-2', name: 'US West (Oregon)' },
  { key: 'ca_central_1', domain: 'cac1.pure.cloud', aws: 'ca-central-1', name: 'Canada (Central)' },
  { key: 'ap_northeast_2', domain: 'apne2.pure.cloud', aws: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
  { key: 'eu_west_2', domain: 'euw2.pure.cloud', aws: 'eu-west-2', name: 'EU West (London)' },
  { key: 'ap_south_1', domain: 'aps1.pure.cloud', aws: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { key: 'us_east_2', domain: 'use2.us-gov-pure.cloud', aws: 'us-east-2', name: 'US East (FedRAMP)' },
  { key: 'sa_east_1', domain: 'sae1.pure.cloud', aws: 'sa-east-1', name: 'South America (São Paulo)' },
  { key: 'me_central_1', domain: 'mec1.pure.cloud', aws: 'me-central-1', name: 'Middle East (UAE)' },
  { key: 'ap_northeast_3', domain: 'apne3.pure.cloud', aws: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
  { key: 'eu_central_2', domain: 'euc2.pure.cloud', aws: 'eu-central-2', name: 'EU Central (Zurich)' },
  { key: 'mx_central_1', domain: 'mxc1.pure.cloud', aws: 'mx-central-1', name: 'Mexico (Central)' },
  { key: 'ap_southeast_1', domain: 'apse1.pure.cloud', aws: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { key: 'eusc_de_east_1', domain: 'edee1.eusc-pure.cloud', aws: 'eusc-de-east-1', name: 'EU Sovereign Cloud (Germany)' },
] as const satisfies readonly { key: string; domain: string; aws: string; name: string }[];

/** The SDK's key for a region, as in `platformClient.PureCloudRegionHosts`. */
export type RegionKey = (typeof REGIONS)[number]['key'];

export interface Region {
  /** Key in `platformClient.PureCloudRegionHosts`, e.g. `us_east_1`. */
  readonly key: RegionKey;
  /** What `setEnvironment()` takes; the API host is `api.<domain>`, the login host `login.<domain>`. */
  readonly domain: string;
  /** The AWS region name, e.g. `us-east-1`. */
  readonly aws: string;
  /** A name for people, e.g. `US East (Virginia)`. */
  readonly name: string;
}

/** Host prefixes under a region's domain: the API, the login service, the web app and notifications. */
const HOST_PREFIXES = ['', 'api.', 'login.', 'apps.', 'streaming.'] as const;

const BY_NAME = new Map<string, Region>();
const BY_DOMAIN = new Map<string, Region>();
for (const region of REGIONS as readonly Region[]) {
  BY_NAME.set(region.key, region);
  BY_NAME.set(region.aws, region);
  BY_NAME.set(region.domain, region);
  BY_DOMAIN.set(region.domain, region);
}

/**
 * The region of a host name: the region's domain itself, or its `api.`, `login.`, `apps.` or `streaming.`
 * host. Any other host, including other subdomains, is not a Genesys Cloud region host.
 */
export function regionOfHost(hostname: string): Region | undefined {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  for (const prefix of HOST_PREFIXES) {
    if (!host.startsWith(prefix)) continue;
    const region = BY_DOMAIN.get(host.slice(prefix.length));
    if (region) return region;
  }
  return undefined;
}

/**
 * A region from any of its common names, case-insensitively: the SDK key (`eu_west_1`), the AWS name
 * (`eu-west-1`), the domain (`mypurecloud.ie`), the API, login or app host (`api.mypurecloud.ie`), or a URL
 * on one of those hosts (`https://apps.mypurecloud.ie/directory/`). `undefined` when it names none.
 */
export function resolveRegion(input: string): Region | undefined {
  const text = input.trim().toLowerCase();
  if (text === '') return undefined;
  const named = BY_NAME.get(text);
  if (named) return named;
  let host: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      host = new URL(text).hostname;
    } catch {
      return undefined;
    }
  } else {
    // A host with a port or a path but no scheme: `api.mypurecloud.ie:443/api/v2`.
    host = (text.split(/[/?#]/, 1)[0] ?? '').replace(/:\d*$/, '');
  }
  return host === '' ? undefined : regionOfHost(host);
}

/** The valid region names, one region a line, for error messages. */
export function describeRegions(): string {
  const awsWidth = Math.max(...REGIONS.map((r) => r.aws.length));
  const domainWidth = Math.max(...REGIONS.map((r) => r.domain.length));
  return REGIONS.map((r) => `  ${r.aws.padEnd(awsWidth)}  ${r.domain.padEnd(domainWidth)}  ${r.name}`).join('\n');
}
