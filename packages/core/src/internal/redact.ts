/** @internal */
export const placeholder = "<redacted>"

/**
 * A number is 7 to 15 digits, optionally after `+`, with at most two separators (space, `.`, `-`, parentheses)
 * between digits, so `+1 512 555 0165` and `(512) 555-0165` are caught. The lookarounds keep it from starting or
 * ending inside a longer run of digits, letters, a hyphenated id (UUIDs, request ids: their groups are joined by `-`)
 * or a time (`10:00:00`), and an ISO date (`2026-01-15`) is never taken for one. After a `+`, the digits are a number
 * whatever follows them (`+12065550142x` is a number with a typo, not an id).
 */
const phoneLike =
  /(?<![\w+\-.])(?:\+\(?\d(?:[ .\-()]{0,2}\d){6,14}(?![ .\-()]{0,2}\d)|(?!\d{4}-\d{2}-\d{2}(?!\d))\(?\d(?:[ .\-()]{0,2}\d){6,14}(?![\w:]|[ .\-()]{0,2}\d|-[0-9A-Fa-f]{4}))/g

/** @internal */
export const maskPhoneNumbers = (text: string): string => text.replace(phoneLike, placeholder)

/** @internal */
export const excerpt = (text: string, max = 256): string => {
  const masked = maskPhoneNumbers(text)
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length} chars)`
}
