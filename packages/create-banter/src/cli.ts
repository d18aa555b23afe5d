#!/usr/bin/env node
import { runCreate } from './run-create.js'

process.exitCode = await runCreate(process.argv.slice(2), {
  input: process.stdin,
  output: process.stdout,
  error: process.stderr,
  cwd: process.cwd(),
})
