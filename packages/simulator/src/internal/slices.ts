/**
 * Work on a large world in slices: a few milliseconds of work at a time, then a turn of the event loop, so that a
 * server in front of the simulator keeps answering while a fixture of a million sessions is loaded or saved.
 */
import * as Effect from "effect/Effect"

/**
 * Steps per slice. A step is a batch of sessions (a few milliseconds of work at most): slices are counted in steps
 * rather than timed, as nothing in the simulator reads the system's time.
 */
export const stepsPerSlice = 2

/**
 * One turn of the event loop (a macrotask, so that I/O is served): `Effect.yieldNow` may resume on a microtask, and a
 * sleep waits on the Clock, which a TestClock never moves on its own.
 */
export const yieldToEventLoop: Effect.Effect<void> = Effect.async<void>((resume) => {
  const timer = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(timer))
})

/** Runs `step` until it answers true (done), giving the event loop a turn after every {@link stepsPerSlice} steps. */
export const sliced = (step: () => boolean): Effect.Effect<void> => {
  const loop: Effect.Effect<void> = Effect.suspend(() => {
    for (let i = 0; i < stepsPerSlice; i++) {
      if (step()) return Effect.void
    }
    return Effect.zipRight(yieldToEventLoop, loop)
  })
  return loop
}
