/**
 * Fault plans: what a simulator does to calls of ListProxySessions on purpose, so that users can test their retry
 * logic. A plan is plain data (and a Schema), so it can be written in a test, in a fixture file or sent to the HTTP
 * emulator as JSON.
 *
 * - Scripted faults name calls by their number: "the 3rd call fails with ThrottledClientException", "calls 5 to 7
 *   fail with ServiceUnavailableException", "call 2 takes 3 seconds".
 * - Random faults draw, for every call, from a {@link Prng} seeded by the plan: rates of throttling, of 500s and of 503s,
 *   and a latency distribution. The latency is spent on Effect's Clock, so a TestClock skips it.
 *
 * Calls are numbered from 1, counting every call of `listProxySessions` on the simulator since the plan was set.
 *
 * @since 0.1.0
 */
import { ServiceError } from "@chime-proxy/core"
import * as Schema from "effect/Schema"
import * as Prng from "./Prng.js"

/**
 * The name of an error a fault answers with: one of the seven errors of the operation, or an error common to all
 * AWS actions (such as `ThrottlingException` or `AccessDeniedException`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FaultErrorName = Schema.Literal(
  ...(Object.keys(ServiceError.operationErrors) as [
    keyof typeof ServiceError.operationErrors,
    ...Array<keyof typeof ServiceError.operationErrors>
  ]),
  ...(Object.keys(ServiceError.commonErrorStatuses) as [
    ServiceError.CommonErrorName,
    ...Array<ServiceError.CommonErrorName>
  ])
).annotations({ identifier: "FaultErrorName" })

/**
 * @since 0.1.0
 * @category models
 */
export type FaultErrorName = typeof FaultErrorName.Type

const Millis = Schema.Number.pipe(Schema.finite(), Schema.nonNegative())
const CallNumber = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))

/**
 * A scripted fault: calls `from` to `to` (both included; `to` defaults to `from`) wait `delayMillis` (on the Clock)
 * and then fail with `error`, if given. A rule with neither does nothing.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ScriptedFault extends Schema.Class<ScriptedFault>("ScriptedFault")(
  Schema.Struct({
    from: CallNumber,
    to: Schema.optionalWith(CallNumber, { exact: true }),
    error: Schema.optionalWith(FaultErrorName, { exact: true }),
    message: Schema.optionalWith(Schema.String, { exact: true }),
    delayMillis: Schema.optionalWith(Millis, { exact: true })
  }).pipe(Schema.filter((rule) => rule.to === undefined || rule.to >= rule.from || "`to` must be at least `from`"))
) {}

/**
 * A fixed latency.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FixedLatency = Schema.TaggedStruct("Fixed", { millis: Millis })

/**
 * A latency drawn uniformly from `min` to `max` milliseconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UniformLatency = Schema.TaggedStruct("Uniform", { min: Millis, max: Millis })

/**
 * A latency drawn from an exponential distribution with the given mean, capped at `max` (default 10 × mean).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExponentialLatency = Schema.TaggedStruct("Exponential", {
  mean: Millis,
  max: Schema.optionalWith(Millis, { exact: true })
})

/**
 * A latency distribution.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Latency = Schema.Union(FixedLatency, UniformLatency, ExponentialLatency).annotations({
  identifier: "Latency"
})

/**
 * @since 0.1.0
 * @category models
 */
export type Latency = typeof Latency.Type

/**
 * Random faults: every call draws from a PRNG seeded by `seed`. The rates are probabilities from 0 to 1 of a call
 * failing with ThrottledClientException (429), ServiceFailureException (500) and ServiceUnavailableException (503);
 * their sum must be at most 1.
 *
 * @since 0.1.0
 * @category schemas
 */
export class RandomFaults extends Schema.Class<RandomFaults>("RandomFaults")(
  Schema.Struct({
    seed: Schema.Int,
    throttlingRate: Schema.optionalWith(Prng.Rate, { exact: true }),
    serviceFailureRate: Schema.optionalWith(Prng.Rate, { exact: true }),
    serviceUnavailableRate: Schema.optionalWith(Prng.Rate, { exact: true }),
    latency: Schema.optionalWith(Latency, { exact: true })
  }).pipe(
    Schema.filter((faults) =>
      (faults.throttlingRate ?? 0) + (faults.serviceFailureRate ?? 0) + (faults.serviceUnavailableRate ?? 0) <= 1 ||
      "the sum of the rates must be at most 1"
    )
  )
) {}

/**
 * A fault plan. When a scripted rule covers a call, it decides that call alone; other calls draw random faults.
 *
 * @since 0.1.0
 * @category schemas
 */
export class FaultPlan extends Schema.Class<FaultPlan>("FaultPlan")({
  scripted: Schema.optionalWith(Schema.Array(ScriptedFault), { default: () => [] }),
  random: Schema.optionalWith(RandomFaults, { exact: true })
}) {}

/**
 * The plan as plain data (JSON), as {@link decode} and the emulator accept it.
 *
 * @since 0.1.0
 * @category models
 */
export type FaultPlanJson = typeof FaultPlan.Encoded

/**
 * A plan without faults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: FaultPlan = new FaultPlan({})

/**
 * Decodes a plan from plain data, checking every constraint.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = Schema.decodeUnknown(FaultPlan)

/**
 * Makes a plan of scripted faults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const scripted = (...rules: ReadonlyArray<typeof ScriptedFault.Encoded>): FaultPlan =>
  new FaultPlan({ scripted: rules.map((rule) => new ScriptedFault(rule)) })

/**
 * The `call`-th call (from 1) fails with `error`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const failCall = (call: number, error: FaultErrorName, message?: string): typeof ScriptedFault.Encoded => ({
  from: call,
  error,
  ...(message === undefined ? {} : { message })
})

/**
 * Calls `from` to `to` (both included) fail with `error`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const failCalls = (
  from: number,
  to: number,
  error: FaultErrorName,
  message?: string
): typeof ScriptedFault.Encoded => ({ from, to, error, ...(message === undefined ? {} : { message }) })

/**
 * The `call`-th call waits `millis` milliseconds on the Clock before it is answered.
 *
 * @since 0.1.0
 * @category constructors
 */
export const delayCall = (call: number, millis: number): typeof ScriptedFault.Encoded => ({
  from: call,
  delayMillis: millis
})

/**
 * Makes a plan of random faults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const random = (options: typeof RandomFaults.Encoded): FaultPlan =>
  new FaultPlan({ random: new RandomFaults(options) })
