/**
 * With `--simulate`, an error about the connector id (missing, unknown, or several where one is needed) names the
 * simulated account's connectors, so that the next command can be typed without a listing first.
 *
 * @since 0.1.0
 */
import { ServiceError } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Backend from "./Backend.js"

const isAboutConnectorIds = (error: unknown): boolean =>
  (error instanceof Diagnostic.UsageError && error.reason.includes("--voice-connector-id")) ||
  (ServiceError.isServiceError(error) && ServiceError.errorName(error) === "NotFoundException")

/**
 * The sentence that names the simulated account's connectors.
 *
 * @since 0.1.0
 * @category rendering
 */
export const describe = (seed: number, ids: ReadonlyArray<string>): string =>
  ids.length === 0
    ? `The simulated account (seed ${seed}) has no voice connector.`
    : `The simulated account (seed ${seed}) has ${
      ids.length === 1 ? "one voice connector" : `${ids.length} voice connectors`
    }: ${ids.slice(0, shownIds).join(", ")}${ids.length > shownIds ? `, and ${ids.length - shownIds} more` : ""}.`

// The ids named in a hint, at most.
const shownIds = 10

// Seeding the account again only to name its connectors is worth it for a small account only.
const largestSeeded = 200_000

/**
 * Adds the simulated account's connector ids to an error about the connector id, when the target is the simulator.
 * A usage error stays a usage error (exit 2), an unknown connector an error of the service (exit 1).
 *
 * @since 0.1.0
 * @category combinators
 */
export const explain =
  (target: Backend.Target | undefined, provider: Backend.Provider) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | Diagnostic.UsageError | Diagnostic.Failure, R> =>
    target === undefined || target._tag !== "Simulate" ||
      target.connectors * target.sessionsPerConnector > largestSeeded
      ? self
      : Effect.catchIf(self, isAboutConnectorIds, (error) =>
        Effect.flatMap(
          Backend.voiceConnectorIds.pipe(
            Effect.provide(provider(target)),
            Effect.option
          ),
          (ids): Effect.Effect<never, E | Diagnostic.UsageError | Diagnostic.Failure> => {
            if (Option.isNone(ids)) return Effect.fail(error)
            const sentence = describe(target.seed, ids.value)
            if (error instanceof Diagnostic.UsageError) {
              return Effect.fail(
                new Diagnostic.UsageError({
                  reason: error.reason,
                  hint: error.hint === undefined ? sentence : `${error.hint} ${sentence}`
                })
              )
            }
            return Effect.fail(
              new Diagnostic.Failure({
                reason: (error as { readonly message: string }).message,
                hint: `${sentence} Give one of them with --voice-connector-id.`
              })
            )
          }
        ))
