/**
 * The one masking rule for text that leaves the libraries and programs (error messages, log lines, excerpts of
 * bodies): anything shaped like a phone number is replaced by `<redacted>`, whatever path it took to get there.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/redact.js"

/**
 * What stands in for a masked number.
 *
 * @since 0.1.0
 * @category constants
 */
export const placeholder: string = internal.placeholder

/**
 * Masks phone numbers in a text: E.164 numbers (`+15125550165`, `+1 512 555 0165`), national formats
 * (`512-555-0165`, `(512) 555-0165`, `512.555.0165`) and bare runs of 7 to 15 digits. UUIDs, request ids, ISO
 * dates and timestamps, and digits glued to letters (`20261130T230936Z`, hex ids) are left as they are, but not
 * a number written with its `+` (`+12065550142x` is masked).
 *
 * @since 0.1.0
 * @category masking
 */
export const maskPhoneNumbers: (text: string) => string = internal.maskPhoneNumbers

/**
 * Masks phone numbers in a text, then cuts it to `max` characters, saying how long it was.
 *
 * @since 0.1.0
 * @category masking
 */
export const excerpt: (text: string, max?: number) => string = internal.excerpt

/**
 * A size in bytes as messages write it, which the masking leaves readable: `8.0 MiB (8,388,608 bytes)`, `16,384 bytes`.
 * A bare count of 7 digits or more is shaped like a phone number, and would be masked.
 *
 * @since 0.3.0
 * @category formatting
 */
export const byteCount: (bytes: number) => string = internal.byteCount
