/**
 * Faults: what the fault plan in force does to each call of ListProxySessions, drawn in call order so that a call's
 * fate depends only on its number.
 */
import { ServiceError } from "@chime-proxy/core"
import type { FaultErrorName, FaultPlan, Latency } from "../FaultPlan.js"
import * as Prng from "../Prng.js"

/** The service error of a fault: the status of its name, and the service's default message unless one is given. */
const faultError = (name: FaultErrorName, message?: string): ServiceError.ServiceError =>
  ServiceError.make(
    name,
    message ?? (Object.hasOwn(ServiceError.defaultMessages, name) ? undefined : `Simulated ${name}`)
  )

const sampleLatency = (latency: Latency | undefined, u: number): number => {
  if (latency === undefined) return 0
  switch (latency._tag) {
    case "Fixed":
      return latency.millis
    case "Uniform":
      return Math.round(Math.min(latency.min, latency.max) + u * Math.abs(latency.max - latency.min))
    case "Exponential":
      return Math.round(Math.min(-latency.mean * Math.log(1 - u), latency.max ?? 10 * latency.mean))
  }
}

/** What a fault plan does to one call. */
export interface Fault {
  readonly call: number
  readonly delayMillis: number
  readonly error: ServiceError.ServiceError | undefined
}

/** A fault plan in force: its random draws and the number of calls since it was set. */
export class Faults {
  private prng: Prng.Prng
  private calls = 0

  constructor(private current: FaultPlan) {
    this.prng = Prng.make(current.random?.seed ?? 0, 0xfa)
  }

  /** Sets the plan; scripted call numbers count from here. */
  set(plan: FaultPlan): void {
    this.current = plan
    this.prng = Prng.make(plan.random?.seed ?? 0, 0xfa)
    this.calls = 0
  }

  get plan(): FaultPlan {
    return this.current
  }

  get callCount(): number {
    return this.calls
  }

  /** The fault of the next call. */
  next(): Fault {
    const call = ++this.calls
    const rule = this.current.scripted.find((rule) => call >= rule.from && call <= (rule.to ?? rule.from))
    if (rule !== undefined) {
      return {
        call,
        delayMillis: rule.delayMillis ?? 0,
        error: rule.error === undefined ? undefined : faultError(rule.error, rule.message)
      }
    }
    const random = this.current.random
    if (random === undefined) return { call, delayMillis: 0, error: undefined }
    // Two draws per call whatever happens: the outcome, then the latency.
    const outcome = Prng.choose(
      this.prng,
      [
        [random.throttlingRate ?? 0, "ThrottledClientException"],
        [random.serviceFailureRate ?? 0, "ServiceFailureException"],
        [random.serviceUnavailableRate ?? 0, "ServiceUnavailableException"]
      ] as const,
      undefined
    )
    const delayMillis = sampleLatency(random.latency, this.prng.float())
    return { call, delayMillis, error: outcome === undefined ? undefined : faultError(outcome) }
  }
}
