/**
 * Text that leaves the library (error messages, excerpts of bodies) passes through here so that anything shaped
 * like an E.164 number of 7 digits or more is masked, whatever path it took to get there. A run of digits without a
 * `+` that is glued to letters (a timestamp such as 20261130T230936Z, a hex id) is left alone.
 */
const phoneLike = /\+[1-9]\d{6,14}|(?<![0-9A-Za-z])[1-9]\d{6,14}(?![0-9A-Za-z])/g

/** @internal */
export const redactPhoneNumbers = (text: string): string => text.replace(phoneLike, "<redacted>")

/** @internal */
export const excerpt = (text: string, max = 256): string => {
  const masked = redactPhoneNumbers(text)
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length} chars)`
}
