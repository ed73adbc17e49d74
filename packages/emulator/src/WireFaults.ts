/**
 * Faults injected on the wire, before the simulator is reached: throttling (429 ThrottledClientException), service
 * failures (500 ServiceFailureException, 503 ServiceUnavailableException), connections dropped without an answer,
 * and latency. Random faults follow a seeded generator: the same seed gives the same sequence of faults.
 *
 * @since 0.1.0
 */
import { ServiceError } from "@chime-proxy/core"
import { Prng } from "@chime-proxy/simulator"
import * as Schema from "effect/Schema"

/**
 * A plan of wire faults. Rates are probabilities per request, from 0 to 1, and together at most 1.
 *
 * @since 0.1.0
 * @category schemas
 */
export class WireFaults extends Schema.Class<WireFaults>("WireFaults")(
  Schema.Struct({
    /** The seed of the generator that draws the faults. */
    seed: Schema.optionalWith(Schema.Int, { default: () => 0 }),
    /** Answer 429 ThrottledClientException. */
    throttleRate: Schema.optionalWith(Prng.Rate, { default: () => 0 }),
    /** Answer 500 ServiceFailureException or 503 ServiceUnavailableException, half and half. */
    failureRate: Schema.optionalWith(Prng.Rate, { default: () => 0 }),
    /** Drop the connection without an answer: the client sees ECONNRESET. */
    resetRate: Schema.optionalWith(Prng.Rate, { default: () => 0 }),
    /** Wait this long before answering every request. */
    latencyMillis: Schema.optionalWith(
      Schema.Int.pipe(Schema.between(0, 60_000, { message: () => "latencyMillis must be an integer from 0 to 60000" })),
      { default: () => 0 }
    )
  }).pipe(
    Schema.filter((plan) =>
      plan.throttleRate + plan.failureRate + plan.resetRate <= 1 ||
      "throttleRate + failureRate + resetRate must be at most 1"
    )
  )
) {}

/**
 * No fault at all.
 *
 * @since 0.1.0
 * @category constants
 */
export const none: WireFaults = new WireFaults({})

/**
 * What to do with one request.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly _tag: "Pass" }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Fail"; readonly error: ServiceError.OperationError }

const pass: Decision = { _tag: "Pass" }
const reset: Decision = { _tag: "Reset" }

/**
 * Draws the fault of each request in turn.
 *
 * @since 0.1.0
 * @category models
 */
export interface Injector {
  readonly faults: WireFaults
  readonly next: () => Decision
}

const injected = " (injected by the chime-proxy emulator)"

// The service's default message of the error, marked as injected; a fresh error for each request.
const fail =
  (name: "ThrottledClientException" | "ServiceFailureException" | "ServiceUnavailableException") => (): Decision => ({
    _tag: "Fail",
    error: new ServiceError.operationErrors[name]({ Message: `${ServiceError.defaultMessages[name]}${injected}` })
  })

/**
 * Makes the injector of a plan.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (faults: WireFaults): Injector => {
  const { failureRate, resetRate, throttleRate } = faults
  if (throttleRate === 0 && failureRate === 0 && resetRate === 0) return { faults, next: () => pass }
  const prng = Prng.make(faults.seed, wireStream)
  const outcomes: ReadonlyArray<readonly [number, () => Decision]> = [
    [resetRate, () => reset],
    [throttleRate, fail("ThrottledClientException")],
    [failureRate / 2, fail("ServiceFailureException")],
    [failureRate / 2, fail("ServiceUnavailableException")]
  ]
  return { faults, next: () => Prng.choose(prng, outcomes, () => pass)() }
}

/** The wire faults' own stream of their seed, apart from the simulator's uses of the same number. */
const wireStream = 0x3e
