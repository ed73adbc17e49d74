/**
 * Starting the emulator of a benchmark in a child process, and what a client needs to talk to it.
 */
import { Signer } from "@chime-proxy/aws"
import { SigV4Verifier } from "@chime-proxy/emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { childProgram } from "./Build.js"
import type { ServerChild } from "./Child.js"
import { benchDir, startNode } from "./Child.js"

/** What the emulator child reports. */
export interface EmulatorInfo {
  readonly endpoint: string
  readonly port: number
  readonly voiceConnectorId: string
}

/**
 * The environment of every client process: the emulator's documented credentials, which the default chain of each
 * library finds first; no profile, no instance metadata, no end-of-support warning. Every other AWS variable of the
 * bench's own environment is left out.
 */
export const clientEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("AWS_") && !name.startsWith("CHIME_PROXY_")) env[name] = value
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SigV4Verifier.defaultCredential.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    CHIME_PROXY_NO_DEPRECATION_WARNING: "true"
  }
}

/** Starts an emulator child seeded with one connector of `sessions` sessions. */
export const startEmulator = async (outDir: string, options: {
  readonly sessions: number
  readonly auth: boolean
}): Promise<ServerChild<EmulatorInfo>> =>
  startNode<EmulatorInfo>([
    "--max-old-space-size=4096",
    await childProgram(benchDir, outDir, "emulatorServer"),
    String(options.sessions),
    String(options.auth)
  ])

/** Signs a GET of `url` with the emulator's credentials, now. */
export const presign = (url: string): Promise<Record<string, string>> => {
  const parsed = new URL(url)
  return Effect.runPromise(Signer.sign({
    request: {
      method: "GET",
      url: parsed,
      path: parsed.pathname,
      query: [...parsed.searchParams.entries()],
      headers: {}
    },
    credentials: {
      accessKeyId: SigV4Verifier.defaultCredential.accessKeyId,
      secretAccessKey: Redacted.make(SigV4Verifier.defaultCredential.secretAccessKey),
      sessionToken: undefined,
      expiration: undefined
    },
    region: "us-east-1",
    signingDate: new Date()
  }))
}
