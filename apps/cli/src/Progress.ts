/**
 * Progress while paging: pages, sessions and rate, on one line of stderr that rewrites itself. Only for a terminal:
 * when stderr is a file or a pipe nothing is written, so scripts see nothing but their data and their errors (and
 * when stdout is the terminal too, the data shows the progress by itself).
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/**
 * Where a listing has got to.
 *
 * @since 0.1.0
 * @category models
 */
export interface Snapshot {
  readonly pages: number
  readonly items: number
  readonly elapsedMillis: number
}

/**
 * The progress line of a snapshot, e.g. `12 pages, 1,180 sessions, 950/s`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const describe = (snapshot: Snapshot): string => {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`
  const rate = snapshot.elapsedMillis > 0
    ? `, ${Math.round(snapshot.items * 1000 / snapshot.elapsedMillis).toLocaleString("en-US")}/s`
    : ""
  return `${count(snapshot.pages, "page", "pages")}, ${count(snapshot.items, "session", "sessions")}${rate}`
}

/**
 * How progress is written: `enabled` is false when stderr is not a terminal, or stdout is one.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly enabled: boolean
  readonly write: (text: string) => Effect.Effect<void>
}

const clearLine = "\r\u001b[2K"

/**
 * Reports every page of a stream as it passes, and clears the line when the stream ends, fails or is interrupted,
 * so that what follows on stderr (an error) starts on a clean line.
 *
 * @since 0.1.0
 * @category combinators
 */
export const track = <P extends { readonly items: ReadonlyArray<unknown> }, E, R>(
  pages: Stream.Stream<P, E, R>,
  options: Options
): Stream.Stream<P, E, R> => {
  if (!options.enabled) return pages
  return Stream.unwrap(Effect.map(Clock.currentTimeMillis, (start) => {
    let pageCount = 0
    let itemCount = 0
    return pages.pipe(
      Stream.tap((page) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          pageCount += 1
          itemCount += page.items.length
          return options.write(
            clearLine + describe({ pages: pageCount, items: itemCount, elapsedMillis: now - start })
          )
        })
      ),
      Stream.ensuring(options.write(clearLine))
    )
  }))
}
