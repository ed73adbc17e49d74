import { assert, describe, it } from "@effect/vitest"
import { execFile, spawn, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { root } from "./run.js"

// `--output text` compared line for line with the AWS CLI v1 itself, both against the emulator program: with the
// model it ships (no paginator for ListProxySessions: one call, the response as it came) and with the paginator
// current models declare (--max-items, resume tokens).
const hasAwsCli = spawnSync("aws", ["--version"], { encoding: "utf8" }).status === 0

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

// Absent members everywhere: no EndedTimestamp in most sessions (none at all on the last page), a participant
// without its proxy number, GeoMatchParams on one session only, empty Capabilities.
const fixture = () => ({
  VoiceConnectors: [{
    VoiceConnectorId: "vc-text",
    ProxySessions: [
      {
        ProxySessionId: "s-1",
        Name: "full",
        Status: "Open",
        ExpiryMinutes: 1440,
        Capabilities: ["Voice", "SMS"],
        CreatedTimestamp: minutesAgo(50),
        Participants: [
          { PhoneNumber: "+12065550100", ProxyPhoneNumber: "+12065559000" },
          { PhoneNumber: "+12065550101", ProxyPhoneNumber: "+12065559000" }
        ],
        NumberSelectionBehavior: "PreferSticky",
        GeoMatchLevel: "AreaCode",
        GeoMatchParams: { Country: "US", AreaCode: "206" }
      },
      { ProxySessionId: "s-2", Status: "Closed", CreatedTimestamp: minutesAgo(40), EndedTimestamp: minutesAgo(5) },
      {
        ProxySessionId: "s-3",
        Status: "InProgress",
        Capabilities: [],
        CreatedTimestamp: minutesAgo(30),
        Participants: [{ PhoneNumber: "+12065550102" }]
      },
      { ProxySessionId: "s-4", Status: "Open", Name: "last one", CreatedTimestamp: minutesAgo(20) }
    ]
  }]
})

const credentials = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATOREXAMPLE1",
  AWS_SECRET_ACCESS_KEY: "chime-proxy-emulator/EXAMPLE/secret/key0",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PAGER: "",
  AWS_MAX_ATTEMPTS: "1",
  CHIME_PROXY_NO_DEPRECATION_WARNING: "true"
}

const run = (command: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd: root, env: { ...process.env, ...credentials, ...env }, timeout: 60_000 }, (
      error,
      stdout,
      stderr
    ) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }))
  })

const startEmulator = (fixtureFile: string) =>
  new Promise<{ readonly url: string; readonly stop: () => void }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, "apps/emulator/bin/chime-proxy-emulator.mjs"), "--port", "0", "--fixture", fixtureFile],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url !== undefined) resolve({ url, stop: () => child.kill() })
    })
    child.on("exit", (code) => reject(new Error(`the emulator exited with ${code}`)))
  })

describe.runIf(hasAwsCli)("--output text against the AWS CLI", () => {
  it("is the AWS CLI's text line for line, one response or a paginated listing, with each other's tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chime-proxy-text-"))
    const fixtureFile = join(dir, "fixture.json")
    writeFileSync(fixtureFile, JSON.stringify(fixture()))
    // The paginator of current models, added to the CLI's own model files.
    const models = join(dir, "models")
    const modelDir = join(models, "chime-sdk-voice", "2022-08-03")
    mkdirSync(modelDir, { recursive: true })
    const shipped = spawnSync("python3", [
      "-c",
      "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data', 'chime-sdk-voice', " +
      "'2022-08-03', 'paginators-1.json'))"
    ], { encoding: "utf8" }).stdout.trim()
    const paginators = JSON.parse(readFileSync(shipped, "utf8")) as { pagination: Record<string, unknown> }
    paginators.pagination.ListProxySessions = {
      input_token: "NextToken",
      output_token: "NextToken",
      limit_key: "MaxResults",
      result_key: "ProxySessions"
    }
    writeFileSync(join(modelDir, "paginators-1.json"), JSON.stringify(paginators))

    const emulator = await startEmulator(fixtureFile)
    try {
      const target = ["--endpoint-url", emulator.url, "--region", "us-east-1", "--voice-connector-id", "vc-text"]
      const aws = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
        run("aws", ["chime-sdk-voice", "list-proxy-sessions", ...target, "--output", "text", ...args], env)
      const ours = (args: ReadonlyArray<string>) =>
        run(process.execPath, [
          join(root, "apps/cli/bin/chime-proxy.mjs"),
          "list",
          ...target,
          "--output",
          "text",
          ...args
        ], {})
      const same = async (
        theirs: Promise<{ code: number; stdout: string; stderr: string }>,
        mine: Promise<{ code: number; stdout: string; stderr: string }>
      ) => {
        const [a, b] = await Promise.all([theirs, mine])
        assert.strictEqual(a.code, 0, a.stderr)
        assert.strictEqual(b.code, 0, b.stderr)
        assert.deepStrictEqual(b.stdout.split("\n"), a.stdout.split("\n"))
        return a.stdout
      }

      // The model the CLI ships: one call, the response as it came.
      const whole = await same(aws([]), ours([]))
      assert.strictEqual(whole.split("\n").filter((line) => line.startsWith("PROXYSESSIONS")).length, 4)
      const firstPage = await same(aws(["--max-results", "2"]), ours(["--page-size", "2", "--no-paginate"]))
      assert.notMatch(at0(firstPage), /^PROXYSESSIONS/, "the bare NextToken comes first")
      const lastPage = await same(
        aws(["--max-results", "2", "--next-token", at0(firstPage)]),
        ours(["--page-size", "2", "--no-paginate", "--starting-token", at0(firstPage)])
      )
      assert.match(at0(lastPage), /^PROXYSESSIONS\t/)

      // With the paginator: pages, --max-items and the resume token, each side going on from the other's.
      const paginated = { AWS_DATA_PATH: models }
      const cut = await same(
        aws(["--page-size", "2", "--max-items", "3"], paginated),
        ours(["--page-size", "2", "--max-items", "3"])
      )
      const token = cut.trimEnd().split("\n").at(-1)?.split("\t")
      assert.strictEqual(token?.[0], "NEXTTOKEN")
      await same(
        aws(["--page-size", "2", "--max-items", "3", "--starting-token", token?.[1] ?? ""], paginated),
        ours(["--page-size", "2", "--max-items", "3", "--starting-token", token?.[1] ?? ""])
      )
      const insideFirst = await same(
        aws(["--max-items", "1"], paginated),
        ours(["--max-items", "1"])
      )
      const resume = insideFirst.trimEnd().split("\n").at(-1)?.split("\t")[1] ?? ""
      await same(
        aws(["--max-items", "1", "--starting-token", resume], paginated),
        ours(["--max-items", "1", "--starting-token", resume])
      )
    } finally {
      emulator.stop()
    }
  }, 240_000)
})

const at0 = (text: string): string => text.split("\n")[0] ?? ""
