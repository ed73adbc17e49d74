/**
 * The same masking as core's: anything shaped like a phone number never leaves in an error's text. (Core keeps its
 * helper internal; this copy serves the excerpts of bodies that core's decoders do not see.)
 */
const phoneLike = /\+?\d[\d\s().-]{5,}\d/g

/** @internal */
export const excerpt = (text: string, max = 256): string => {
  const masked = text.replace(phoneLike, "<redacted>")
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length} chars)`
}
