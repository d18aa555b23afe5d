import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CORE_VERSION, coreRangeIncludes } from '@banter/core'
// Single functions: the `semver` index loads all of its 47 files.
import validRange from 'semver/ranges/valid.js'
import { npmError, runNpm } from './run-npm.js'

/** What {@link checkPluginPackage} found. */
export interface PackCheck {
  /** Problems that stop `pack` and `publish`. */
  readonly problems: string[]
  /** Lines for the checks that passed. */
  readonly passed: string[]
  /** The files npm would put in the tarball. */
  readonly files: string[]
}

interface PluginPackage {
  name?: string
  version?: string
  keywords?: unknown
  license?: string
  types?: string
  exports?: unknown
  peerDependencies?: Record<string, string>
}

const TEST_FILE = /(?:^|\/)(?:test|tests|__tests__|__fixtures__)\/|\.(?:test|spec|test-d)\.[cm]?[jt]sx?$/
const SECRET_FILE =
  /(?:^|\/)(?:\.env(?:\.(?!example$)[^/]*)?|\.npmrc|id_rsa[^/]*|[^/]*\.(?:pem|key|p12|pfx))$/
const SECRET_TEXT = [
  /npm_[A-Za-z0-9]{36}/,
  /\bsk-[A-Za-z0-9_-]{20,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
  /\b[MN][A-Za-z\d]{23}\.[\w-]{6}\.[\w-]{27}\b/,
]

/** Every file path an `exports` map points at (conditions and subpaths flattened). */
function exportTargets(exports: unknown): { path: string; condition: string }[] {
  const found: { path: string; condition: string }[] = []
  const walk = (value: unknown, condition: string) => {
    if (typeof value === 'string') found.push({ path: value.replace(/^\.\//, ''), condition })
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) walk(inner, key.startsWith('.') ? condition : key)
  }
  walk(exports, 'default')
  return found
}

/**
 * The checks of `banter plugin pack` and `publish` on the plugin package in `dir`: the
 * `banter-plugin` keyword, a `@banter/core` peer range that includes the running core, `exports` with
 * types whose files are in the tarball, a README, and no test files or secrets in the tarball
 * (`npm pack --dry-run` lists it).
 */
export async function checkPluginPackage(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PackCheck> {
  const problems: string[] = []
  const passed: string[] = []
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return { problems: [`${dir} has no package.json`], passed, files: [] }
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as PluginPackage
  const check = (ok: boolean, pass: string, problem: string) =>
    ok ? passed.push(pass) : problems.push(problem)

  check(
    Array.isArray(pkg.keywords) && pkg.keywords.includes('banter-plugin'),
    'keyword banter-plugin',
    'package.json: add "banter-plugin" to "keywords" (`banter plugin search` finds plugins by it)',
  )
  const range = pkg.peerDependencies?.['@banter/core']
  check(
    range !== undefined && validRange(range) !== null && coreRangeIncludes(range, CORE_VERSION),
    `peer @banter/core ${range} (includes ${CORE_VERSION})`,
    range === undefined
      ? `package.json: declare "peerDependencies": { "@banter/core": "^${CORE_VERSION}" } (bots check it before installing)`
      : `package.json: the @banter/core peer range ${range} does not include the current core ${CORE_VERSION}`,
  )
  check(
    typeof pkg.license === 'string' && pkg.license !== '',
    `license ${pkg.license}`,
    'package.json: set "license" (an SPDX id such as MIT)',
  )
  check(existsSync(join(dir, 'README.md')), 'README.md', 'add a README.md (install, usage, options, events)')

  const targets = exportTargets(pkg.exports)
  const hasTypes = targets.some((t) => t.condition === 'types') || typeof pkg.types === 'string'
  check(
    targets.length > 0,
    '"exports"',
    'package.json: add "exports" ({ ".": { "types": ..., "default": ... } })',
  )
  check(hasTypes, 'types', 'package.json: "exports" has no "types" condition: TypeScript users get no types')

  const packed = await runNpm(['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, env })
  if (packed.code !== 0) {
    problems.push(`npm pack --dry-run failed: ${npmError(packed)}`)
    return { problems, passed, files: [] }
  }
  const files = ((JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]?.files ?? []).map(
    (f) => f.path,
  )
  const inTarball = new Set(files)
  const missing = targets.filter((t) => !t.path.includes('*') && !inTarball.has(t.path))
  check(
    missing.length === 0,
    `every "exports" target is in the tarball (${targets.length})`,
    `not in the tarball: ${missing.map((t) => `${t.path} (${t.condition})`).join(', ')}: build first (\`npm run build\`), or fix "files"`,
  )
  const tests = files.filter((path) => TEST_FILE.test(path))
  check(
    tests.length === 0,
    'no test files',
    `test files in the tarball: ${tests.join(', ')}: exclude them in "files" (e.g. "!dist/**/*.test.*")`,
  )
  const secrets = files.filter((path) => SECRET_FILE.test(path))
  for (const path of files) {
    const full = join(dir, path)
    if (secrets.includes(path) || !existsSync(full) || statSync(full).size > 1_000_000) continue
    const text = readFileSync(full, 'utf8')
    if (SECRET_TEXT.some((pattern) => pattern.test(text))) secrets.push(path)
  }
  check(
    secrets.length === 0,
    'no secrets',
    `secrets in the tarball: ${secrets.join(', ')}: remove them (and rotate what leaked)`,
  )
  return { problems, passed, files }
}
