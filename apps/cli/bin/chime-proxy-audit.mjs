#!/usr/bin/env node
// Runs the esbuild bundle in ../dist when it is up to date with the sources (`npm run setup` builds it), else the
// TypeScript sources through tsx: the program needs no build step, and starts fast once set up.
import * as NodeModule from "node:module"
import { launch } from "../../../scripts/launch.mjs"

// Node 22.1+ keeps the compiled code of the bundle between runs (a tenth of a start's CPU); Node 20 has no such cache.
NodeModule.enableCompileCache?.()

await launch(new URL("..", import.meta.url), "chime-proxy-audit", () => import("tsx/esm/api"))
