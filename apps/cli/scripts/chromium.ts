/**
 * Headless Chromium from Debian's packages (`apt-get install chromium`), driven by playwright-core, which downloads
 * no browser of its own. Used by the picture of the audit report in docs/audit.md and by the browser test.
 */
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"
import type { Browser } from "playwright-core"

/** Where the browser is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`; undefined when it is not installed. */
export const chromiumPath = (): string | undefined => {
  const path = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"
  return existsSync(path) ? path : undefined
}

/** What to run to get the browser. */
export const installHint = "Install Chromium with `apt-get update && apt-get install -y chromium` (Debian), or set " +
  "CHROMIUM_PATH to a Chromium or Chrome binary."

/**
 * Launches headless Chromium. The flags keep it off the network (these machines' network is closed, and Chromium
 * would otherwise reach for Google's hosts at every start) and let it run as root in a container.
 */
export const launch = (executablePath: string): Promise<Browser> =>
  chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage"
    ]
  })
