/**
 * What the emulator program tells a person on stderr once it listens: the credentials it accepts, the environment
 * to export, and ready command lines for the AWS CLI and `chime-proxy`. stdout stays machine-readable (the
 * `listening on` line, then the connector ids).
 *
 * @since 0.1.0
 */

/**
 * What the hints are made of.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  /** The URL the emulator listens on. */
  readonly url: string
  readonly region: string
  /** Whether requests must be signed (no `--no-auth`). */
  readonly auth: boolean
  readonly accessKeyId: string
  /** Shown only when it is the documented emulator pair's, never one the user chose. */
  readonly secretAccessKey: string | undefined
  readonly voiceConnectorIds: ReadonlyArray<string>
}

// A value as a shell word: bare when it is safe, single-quoted otherwise, and with ANSI-C quoting ($'\\x01') when it
// holds control characters, which must never reach a terminal raw.
const shellWord = (value: string): string => {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(value)) return `'${value.replaceAll("'", "'\\''")}'`
  const escaped = [...value].map((c) => {
    const code = c.codePointAt(0) ?? 0
    return code < 0x20 || (code >= 0x7f && code <= 0x9f)
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : c === "'" || c === "\\"
      ? `\\${c}`
      : c
  })
  return `$'${escaped.join("")}'`
}

/**
 * The hint lines, each ending with a newline.
 *
 * @since 0.1.0
 * @category rendering
 */
export const lines = (context: Context): string => {
  const out: Array<string> = []
  const [first] = context.voiceConnectorIds
  const credentials = context.auth
    ? context.secretAccessKey === undefined
      ? `Requests must be signed (SigV4) with the access key id ${context.accessKeyId} and the secret you gave.`
      : `Requests must be signed (SigV4) with the access key id ${context.accessKeyId} and the secret ` +
        `${context.secretAccessKey} (the documented emulator pair).`
    : "Requests are not verified (--no-auth): any credentials, or none, are accepted."
  out.push(credentials, "", "Point the AWS CLI, the AWS SDKs and chime-proxy at it from another shell:", "")
  out.push(`  export AWS_ENDPOINT_URL=${shellWord(context.url)}`)
  out.push(`  export AWS_REGION=${shellWord(context.region)}`)
  // AWS CLI v1 reads the region from AWS_DEFAULT_REGION only.
  out.push(`  export AWS_DEFAULT_REGION=${shellWord(context.region)}`)
  out.push(`  export AWS_ACCESS_KEY_ID=${shellWord(context.accessKeyId)}`)
  out.push(
    context.secretAccessKey === undefined
      ? `  export AWS_SECRET_ACCESS_KEY=...   # the secret of ${context.accessKeyId}`
      : `  export AWS_SECRET_ACCESS_KEY=${shellWord(context.secretAccessKey)}`
  )
  out.push("")
  if (first === undefined) {
    out.push("No voice connector yet: load a fixture or seed one through the admin routes (docs/emulator.md).")
  } else {
    const id = shellWord(first)
    const url = shellWord(context.url)
    out.push(
      "Then, for the first voice connector:",
      "",
      `  aws chime-sdk-voice list-proxy-sessions --endpoint-url ${url} --voice-connector-id ${id}`,
      `  npx chime-proxy list --endpoint-url ${url} --voice-connector-id ${id} --output table`
    )
  }
  out.push("", "Stop it with Ctrl-C.")
  return out.map((line) => line === "" ? "\n" : `${line}\n`).join("")
}
