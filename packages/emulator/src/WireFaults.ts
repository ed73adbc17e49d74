/**
 * Faults injected on the wire, before the simulator is reached: throttling (429 ThrottledClientException), service
 * failures (500 ServiceFailureException, 503 ServiceUnavailableException), connections dropped without an answer,
 * and latency. Random faults follow a seeded generator: the same seed gives the same sequence of faults.
 *
 * @since 0.1.0
 */
import { ServiceError } from "@chime-proxy/core"
import * as Schema from "effect/Schema"

const Rate = Schema.Number.pipe(
  Schema.between(0, 1, { message: () => "a rate must be a number from 0 to 1" })
).annotations({ identifier: "Rate" })

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
    throttleRate: Schema.optionalWith(Rate, { default: () => 0 }),
    /** Answer 500 ServiceFailureException or 503 ServiceUnavailableException, half and half. */
    failureRate: Schema.optionalWith(Rate, { default: () => 0 }),
    /** Drop the connection without an answer: the client sees ECONNRESET. */
    resetRate: Schema.optionalWith(Rate, { default: () => 0 }),
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
 * Whether a plan injects anything.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isActive = (faults: WireFaults): boolean =>
  faults.throttleRate > 0 || faults.failureRate > 0 || faults.resetRate > 0 || faults.latencyMillis > 0

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

// mulberry32: tiny, fast, and good enough to spread faults; seeded so that runs can be replayed.
const generator = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const injected = " (injected by the chime-proxy emulator)"

/**
 * Makes the injector of a plan.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (faults: WireFaults): Injector => {
  const random = generator(faults.seed)
  const { failureRate, resetRate, throttleRate } = faults
  if (throttleRate === 0 && failureRate === 0 && resetRate === 0) return { faults, next: () => pass }
  return {
    faults,
    next: () => {
      const draw = random()
      if (draw < resetRate) return reset
      if (draw < resetRate + throttleRate) {
        return {
          _tag: "Fail",
          error: new ServiceError.ThrottledClientException({ Message: `Rate exceeded${injected}` })
        }
      }
      if (draw < resetRate + throttleRate + failureRate) {
        return {
          _tag: "Fail",
          error: draw < resetRate + throttleRate + failureRate / 2
            ? new ServiceError.ServiceFailureException({
              Message: `The service encountered an unexpected error${injected}`
            })
            : new ServiceError.ServiceUnavailableException({
              Message: `The service is currently unavailable${injected}`
            })
        }
      }
      return pass
    }
  }
}
