/**
 * Text from a server or from the command line, made safe to write to a terminal: the one escaping rule of every
 * diagnostic and log line. Data on stdout is not escaped here (json, ndjson and csv keep it exact).
 *
 * @since 0.1.0
 */
import { Redaction } from "@chime-proxy/core"

// C0 and C1 controls and DEL (ESC starts every escape sequence, BEL and ST end them, CR and LF would forge lines),
// and the invisible format characters that reorder or hide text (bidirectional overrides and isolates, zero-width
// characters, the line and paragraph separators).
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g

const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" }

const escapeOne = (c: string): string => {
  const code = c.charCodeAt(0)
  return named[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`)
}

/**
 * Escapes every control character and invisible format character as a visible `\n`, `\r`, `\t`, `\xHH` or
 * `\uHHHH`, so that text cannot move the cursor, clear the screen, set the title, recolour the terminal or start a
 * line of its own: an escape sequence (`ESC ] 0 ; … BEL`, `ESC [ 2 J`) is left as harmless printable text.
 *
 * @since 0.1.0
 * @category escaping
 */
export const escape = (text: string): string => text.replace(unsafe, escapeOne)

/**
 * A line of a diagnostic or a log, as stderr shows it: phone numbers masked, then escaped.
 *
 * @since 0.1.0
 * @category escaping
 */
export const safeLine = (text: string): string => escape(Redaction.maskPhoneNumbers(text))
