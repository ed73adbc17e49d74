#!/usr/bin/env node
// Runs the esbuild bundle in ../dist when it is up to date with the sources (`npm run setup` builds it), else the
// TypeScript sources through tsx: the program needs no build step, and starts fast once set up.
import { launch } from "../../../scripts/launch.mjs"

await launch(new URL("..", import.meta.url), "chime-proxy-audit", () => import("tsx/esm/api"))
