import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

/**
 * What the child fiber ends with: a box, which the waiting fiber empties as it takes the value out, so that the
 * ended fiber no longer holds the value. When it did, a page decoded in an attempt outlived the young generation's
 * collections (the fiber, once ended, still pointed at it): about 4 MB promoted per collection instead of 0.1, and a
 * fifth more CPU per page (bench/findings.md, section 1).
 */
interface Box<A> {
  value: A | undefined
}

const box = <A>(value: A): Box<A> => ({ value })

const unbox = <A>(boxed: Box<A>): A => {
  const value = boxed.value as A
  boxed.value = undefined
  return value
}

// The longest wait of a timer; Effect's own Clock never ends a longer sleep.
const maxTimerMillis = 2 ** 31 - 1

/**
 * Fails `self` with `onTimeout` when it has not ended within `duration`, interrupting it, as `Effect.timeoutFail`
 * does, at the cost of one fiber instead of two.
 *
 * `Effect.timeoutFail` races `self` against a sleep: two fibers forked per call, about a tenth of the live layer's
 * CPU per request in pages of 10 (0.2 ms of 2, bench/findings.md). Under Effect's own Clock (`liveClock`, the clock
 * of the default services) the sleep is a timer, so here it is a timer: `self` runs in one child fiber, and the call
 * waits for whichever ends first, the child or the timer; a timeout interrupts the child and waits for it to end,
 * as `Effect.timeoutFail` does. Under any other Clock (TestClock, say) it is `Effect.timeoutFail`, on that Clock.
 *
 * @internal
 */
export const timeoutFail = <E>(
  duration: Duration.Duration,
  onTimeout: (millis: number) => E,
  liveClock: unknown
) =>
<A, E1, R>(self: Effect.Effect<A, E1, R>): Effect.Effect<A, E | E1, R> => {
  if (!Duration.isFinite(duration)) return self
  const millis = Duration.toMillis(duration)
  return Effect.clockWith((clock) =>
    clock !== liveClock
      ? Effect.timeoutFail(self, { duration, onTimeout: () => onTimeout(millis) })
      // That Clock treats a sleep longer than a timer can wait as endless (Node would fire such a timer at once).
      : millis > maxTimerMillis
      ? self
      : Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.fork(restore(Effect.map(self, box))), (fiber) =>
          Effect.flatten(
            restore(Effect.async<Effect.Effect<A, E | E1>>((resume) => {
              let done = false
              const timer = setTimeout(() => {
                if (done) return
                done = true
                fiber.removeObserver(observer)
                resume(Effect.succeed(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout(millis)))))
              }, millis)
              const observer = (exit: Exit.Exit<Box<A>, E1>) => {
                if (done) return
                done = true
                clearTimeout(timer)
                resume(Effect.succeed(Effect.zipRight(fiber.inheritAll, Exit.map(exit, unbox))))
              }
              fiber.addObserver(observer)
              return Effect.sync(() => {
                done = true
                clearTimeout(timer)
                fiber.removeObserver(observer)
              })
            })).pipe(Effect.onInterrupt(() => Fiber.interrupt(fiber)))
          ))
      )
  )
}
