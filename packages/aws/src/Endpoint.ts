/**
 * The endpoint of Amazon Chime SDK Voice for a region, as the service's endpoint rules resolve it: the region's
 * partition gives the DNS suffixes, FIPS and dual-stack pick the variant, and a custom endpoint cannot be combined
 * with either.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { ConfigurationError } from "./AwsError.js"

/**
 * An AWS partition, with what the endpoint rules read from it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Partition {
  readonly name: string
  readonly dnsSuffix: string
  readonly dualStackDnsSuffix: string
  readonly regionRegex: RegExp
  readonly regions: ReadonlyArray<string>
}

// The partition of regions that no other partition claims.
const aws: Partition = {
  name: "aws",
  dnsSuffix: "amazonaws.com",
  dualStackDnsSuffix: "api.aws",
  regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
  regions: ["aws-global"]
}

/**
 * The partitions of the AWS SDKs' `partitions.json`. A region that matches none belongs to `aws`, as the rules'
 * `aws.partition` function has it.
 *
 * @since 0.1.0
 * @category constants
 */
export const partitions: ReadonlyArray<Partition> = [
  aws,
  {
    name: "aws-cn",
    dnsSuffix: "amazonaws.com.cn",
    dualStackDnsSuffix: "api.amazonwebservices.com.cn",
    regionRegex: /^cn-\w+-\d+$/,
    regions: ["aws-cn-global"]
  },
  {
    name: "aws-us-gov",
    dnsSuffix: "amazonaws.com",
    dualStackDnsSuffix: "api.aws",
    regionRegex: /^us-gov-\w+-\d+$/,
    regions: ["aws-us-gov-global"]
  },
  {
    name: "aws-iso",
    dnsSuffix: "c2s.ic.gov",
    dualStackDnsSuffix: "api.aws.ic.gov",
    regionRegex: /^us-iso-\w+-\d+$/,
    regions: ["aws-iso-global"]
  },
  {
    name: "aws-iso-b",
    dnsSuffix: "sc2s.sgov.gov",
    dualStackDnsSuffix: "api.aws.scloud",
    regionRegex: /^us-isob-\w+-\d+$/,
    regions: ["aws-iso-b-global"]
  },
  {
    name: "aws-iso-e",
    dnsSuffix: "cloud.adc-e.uk",
    dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
    regionRegex: /^eu-isoe-\w+-\d+$/,
    regions: ["aws-iso-e-global"]
  },
  {
    name: "aws-iso-f",
    dnsSuffix: "csp.hci.ic.gov",
    dualStackDnsSuffix: "api.aws.hci.ic.gov",
    regionRegex: /^us-isof-\w+-\d+$/,
    regions: ["aws-iso-f-global"]
  },
  {
    name: "aws-eusc",
    dnsSuffix: "amazonaws.eu",
    dualStackDnsSuffix: "api.amazonwebservices.eu",
    regionRegex: /^eusc-(de)-\w+-\d+$/,
    regions: []
  }
]

/**
 * The partition of a region: the one that lists it, else the one whose pattern it matches, else `aws`.
 *
 * @since 0.1.0
 * @category resolution
 */
export const partitionOf = (region: string): Partition =>
  partitions.find((partition) => partition.regions.includes(region)) ??
    partitions.find((partition) => partition.regionRegex.test(region)) ??
    aws

/**
 * What the endpoint rules take.
 *
 * @since 0.1.0
 * @category models
 */
export interface EndpointParameters {
  readonly region: string
  readonly useFipsEndpoint: boolean
  readonly useDualstackEndpoint: boolean
  /** A custom endpoint (`AWS_ENDPOINT_URL…` or the `endpoint` option). */
  readonly endpoint?: string | undefined
}

// A region becomes a DNS label: anything else would let a configuration value pick the host.
const hostLabel = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/

/**
 * Resolves the endpoint URL (without a trailing slash), or the configuration error the rules give.
 *
 * @since 0.1.0
 * @category resolution
 */
export const resolve = (parameters: EndpointParameters): Either.Either<string, ConfigurationError> => {
  const fail = (reason: string) => Either.left(new ConfigurationError({ reason }))
  if (parameters.region === "") return fail("Invalid Configuration: Missing Region")
  // With a custom endpoint too, as the AWS SDKs check it: the region is signed into every request's credential scope.
  if (!hostLabel.test(parameters.region)) {
    return fail(`Invalid Configuration: the region ${JSON.stringify(parameters.region)} is not a valid host label`)
  }
  if (parameters.endpoint !== undefined) {
    if (parameters.useFipsEndpoint) return fail("Invalid Configuration: FIPS and custom endpoint are not supported")
    if (parameters.useDualstackEndpoint) {
      return fail("Invalid Configuration: Dualstack and custom endpoint are not supported")
    }
    return parseCustomEndpoint(parameters.endpoint)
  }
  const partition = partitionOf(parameters.region)
  const prefix = parameters.useFipsEndpoint ? "voice-chime-fips" : "voice-chime"
  const suffix = parameters.useDualstackEndpoint ? partition.dualStackDnsSuffix : partition.dnsSuffix
  return Either.right(`https://${prefix}.${parameters.region}.${suffix}`)
}

/**
 * Checks a custom endpoint (the `endpoint` option, `AWS_ENDPOINT_URL…`): an absolute http or https URL without
 * credentials, query or fragment. Gives it without a trailing slash.
 *
 * @since 0.1.0
 * @category resolution
 */
export const parseCustomEndpoint = (endpoint: string): Either.Either<string, ConfigurationError> => {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return Either.left(new ConfigurationError({ reason: `Invalid Configuration: the endpoint is not a URL` }))
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Either.left(
      new ConfigurationError({ reason: `Invalid Configuration: the endpoint must be an http or https URL` })
    )
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return Either.left(
      new ConfigurationError({
        reason: "Invalid Configuration: the endpoint must not carry credentials, a query or a fragment"
      })
    )
  }
  return Either.right(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
}

/**
 * Reads a region the way the SDKs do: `fips-us-east-1` and `us-east-1-fips` are `us-east-1` with FIPS on.
 *
 * @since 0.1.0
 * @category resolution
 */
export const normalizeRegion = (region: string): { readonly region: string; readonly fips: boolean } => {
  if (region.startsWith("fips-")) return { region: region.slice(5), fips: true }
  if (region.endsWith("-fips")) return { region: region.slice(0, -5), fips: true }
  return { region, fips: false }
}

/**
 * Whether an endpoint URL names this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`): a local emulator
 * rather than AWS. A string that is not a URL is not loopback.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLoopback = (endpoint: string): boolean => {
  let host: string
  try {
    host = new URL(endpoint).hostname.toLowerCase()
  } catch {
    return false
  }
  if (host === "localhost" || host.endsWith(".localhost")) return true
  if (host === "[::1]" || /^\[::ffff:(127\.\d+\.\d+\.\d+|7f[0-9a-f]{2}:[0-9a-f]{1,4})\]$/.test(host)) return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
