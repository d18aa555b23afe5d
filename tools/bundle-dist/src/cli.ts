#!/usr/bin/env -S node --import tsx
import { bundleDist } from './bundle-dist.js'

// `bundle-dist` in a package's build script, after `tsc -b` wrote the declarations: bundles the
// package in the current folder. Prints nothing on success; on failure, why, and exits with 1.
try {
  await bundleDist(process.cwd())
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
