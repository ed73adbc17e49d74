/** @internal */
export const placeholder = "<redacted>"

/**
 * A number is 7 to 15 digits with at most two separators (space, `.`, `-`, parentheses) between digits, so
 * `+1 512 555 0165` and `(512) 555-0165` are caught. After a `+` it is always a number, even glued to other text.
 * Without one, the lookarounds keep it from starting or ending inside a longer run of digits, a word, a hyphenated
 * id (UUIDs and request ids join their groups with `-`) or a time (`10:00:00`), and an ISO date is never taken for
 * one.
 */
const phoneLike = new RegExp(
  [
    String.raw`\+\(?\d(?:[ .\-()]{0,2}\d){6,14}`,
    String
      .raw`(?<![\w+\-.])(?!\d{4}-\d{2}-\d{2}(?!\d))\(?\d(?:[ .\-()]{0,2}\d){6,14}(?![\w:]|[ .\-()]{0,2}\d|-[0-9A-Fa-f]{4})`
  ].join("|"),
  "g"
)

/** @internal */
export const maskPhoneNumbers = (text: string): string => text.replace(phoneLike, placeholder)

/** @internal */
export const excerpt = (text: string, max = 256): string => {
  const masked = maskPhoneNumbers(text)
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length} chars)`
}

/** @internal */
export const byteCount = (bytes: number): string => {
  const grouped = `${bytes.toLocaleString("en-US")} bytes`
  if (bytes < 1_048_576) return grouped
  const mebibytes = (bytes / 1_048_576).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  return `${mebibytes} MiB (${grouped})`
}
