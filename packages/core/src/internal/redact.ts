/**
 * Text that leaves the library (error messages, excerpts of bodies) passes through here so that anything shaped
 * like a phone number is masked, whatever path it took to get there.
 */
const phoneLike = /\+?\d[\d\s().-]{5,}\d/g

/** @internal */
export const redactPhoneNumbers = (text: string): string => text.replace(phoneLike, "<redacted>")

/** @internal */
export const excerpt = (text: string, max = 256): string => {
  const masked = redactPhoneNumbers(text)
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length} chars)`
}
