#!/usr/bin/env -S node --import tsx
import { join } from 'node:path'
import { checkPackages } from './check-packages.js'

// `npm run check:packages [-- --fields-only]`: package.json fields and tsconfig references of every
// package, then publint and @arethetypeswrong/cli on every published one. Exit 1 on any problem.
const root = join(import.meta.dirname, '../../..')
const tarballs = !process.argv.includes('--fields-only')
const problems = await checkPackages(root, {
  tarballs,
  onPackage: (folder, found) =>
    process.stdout.write(
      `${found.length === 0 ? '✓' : '✗'} ${folder}${found.length ? ` (${found.length})` : ''}\n`,
    ),
})
for (const { folder, problem } of problems) process.stderr.write(`${folder}: ${problem}\n`)
process.stdout.write(problems.length === 0 ? '\nAll packages pass.\n' : `\n${problems.length} problems.\n`)
process.exitCode = problems.length === 0 ? 0 : 1
