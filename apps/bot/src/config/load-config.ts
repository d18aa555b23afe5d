import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isSecretKey } from '@banter/core'
import { parse as parseDotenv } from 'dotenv'
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, parse as parseYamlValue } from 'yaml'
import { ConfigError, type ConfigProblem, safeMessage } from './config-problem.js'
import { type BanterConfig, CONFIG_KEYS, configSchema } from './config-schema.js'
import { interpolate, isWholeExpression } from './interpolate.js'

/** A loaded, validated configuration. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string
  /** Its folder: relative plugin paths and `.env` are resolved from here. */
  readonly dir: string
  /** The configuration. */
  readonly config: BanterConfig
  /** Where a path is in the file (YAML only). */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined
  /** Values that came from the environment under secret-looking keys, to scrub from any output. */
  readonly secrets: readonly string[]
}

/** The environment a config sees: the process environment over the `.env` next to the file. */
export function configEnv(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const file = resolve(dir, '.env')
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {}
  return { ...fromFile, ...env }
}

/**
 * Reads `banter.config.yaml` (or `.ts`/`.js` exporting `defineConfig(...)`), interpolates `${VAR}` and
 * `${VAR:-default}`, and validates it. Throws a {@link ConfigError} listing every problem with its file,
 * line, path, what is wrong and what to do.
 */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const file = resolve(path)
  const dir = dirname(file)
  if (!existsSync(file)) {
    throw new ConfigError([
      {
        file,
        path: [],
        message: 'there is no configuration file here',
        hint: 'Create banter.config.yaml, or pass its path with -c.',
      },
    ])
  }
  const vars = configEnv(dir, env)
  const ext = extname(file)
  if (ext === '.ts' || ext === '.mts' || ext === '.js' || ext === '.mjs') return loadModule(file, dir)
  return loadYaml(file, dir, readFileSync(file, 'utf8'), vars)
}

function loadYaml(
  file: string,
  dir: string,
  text: string,
  vars: Record<string, string | undefined>,
): LoadedConfig {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {}
    const pos = lines.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: [],
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
        hint: 'Fix the YAML syntax (indentation, colons, quotes) at that line.',
      })),
    )
  }
  const problems: ConfigProblem[] = []
  const secrets: string[] = []
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        walk(pair.value, [...path, key as PropertyKey])
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) walk(item, [...path, index])
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const raw = node.value
      const { value, missing } = interpolate(raw, vars)
      for (const variable of missing) {
        problems.push({
          file,
          ...at(node.range?.[0]),
          path,
          message: `environment variable ${variable.name} is not set`,
          hint: `Set ${variable.name} in the environment or in ${resolve(dir, '.env')}, or write \${${variable.name}:-default}.`,
        })
      }
      node.value = isWholeExpression(raw) && value !== '' ? coerce(value) : value
      if (path.some(isSecretKey) && value !== '') secrets.push(value)
    }
  }
  walk(doc.contents, [])
  // A path points at its key (`timeZone:`) when it names a map entry, at the item in a list.
  const locate = (path: readonly PropertyKey[]) => {
    let node: unknown = doc.contents
    let range: readonly number[] | undefined = (node as Node | undefined)?.range ?? undefined
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment)
        if (!pair) break
        range = (pair.key as Node | undefined)?.range ?? range ?? undefined
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment]
        range = (node as Node | undefined)?.range ?? range ?? undefined
      } else break
    }
    if (!range) return undefined
    const pos = lines.linePos(range[0] as number)
    return { line: pos.line, column: pos.col }
  }
  const data = doc.toJS() ?? {}
  const result = configSchema.safeParse(data)
  // zod leaves out unknown keys when other fields fail too: find them here so every problem shows.
  if (!result.success && data !== null && typeof data === 'object') {
    for (const key of Object.keys(data).filter((k) => !CONFIG_KEYS.includes(k))) {
      if (result.error.issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0)) break
      problems.push({
        file,
        ...locate([key]),
        path: [key],
        message: `unknown key "${key}"`,
        hint: hintFor([key], true),
      })
    }
  }
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const { path, message, unknown } of split(issue)) {
        problems.push({
          file,
          ...locate(path),
          path,
          message: safeMessage(path, message),
          hint: hintFor(path, unknown),
        })
      }
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems)
  return { file, dir, config: result.data, locate, secrets }
}

async function loadModule(file: string, dir: string): Promise<LoadedConfig> {
  let data: unknown
  try {
    const { tsImport } = await import('tsx/esm/api')
    const module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown }
    // A .ts file outside an ESM package is compiled as CommonJS: its default export is wrapped once more.
    const exported = module.default as { default?: unknown; __esModule?: boolean } | undefined
    data = exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported
  } catch (cause) {
    throw new ConfigError([
      {
        file,
        path: [],
        message: `could not be loaded: ${(cause as Error).message}`,
        hint: 'Fix the error in the file.',
      },
    ])
  }
  const result = configSchema.safeParse(data)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.flatMap((issue) =>
        split(issue).map(({ path, message, unknown }) => ({
          file,
          path,
          message: safeMessage(path, message),
          hint: hintFor(path, unknown),
        })),
      ),
    )
  }
  return { file, dir, config: result.data, locate: () => undefined, secrets: [] }
}

function coerce(value: string): unknown {
  try {
    const parsed: unknown = parseYamlValue(value)
    return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : value
  } catch {
    return value
  }
}

/** One problem per unknown key (each at its own line); other issues as they are. */
function split(issue: { code: string; message: string; path: PropertyKey[]; keys?: readonly string[] }) {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown key "${key}"`,
      unknown: true,
    }))
  }
  return [{ path: issue.path, message: issue.message, unknown: false }]
}

function hintFor(path: readonly PropertyKey[], unknownKey = false): string {
  const top = path[0]
  if (top === undefined || (unknownKey && path.length === 1))
    return 'Known top-level keys: adapter, prefix, discord, storage, http, plugins, pluginDirs, permissions, access, required, timeouts, log.'
  if (top === 'plugins') return 'Each plugin is `name-or-path: { options }`, or `false` to turn it off.'
  if (top === 'storage') return 'Use `memory`, `sqlite:./banter.sqlite` or `redis://127.0.0.1:6379`.'
  if (top === 'discord') return 'See docs/deploy.md for the Discord settings.'
  return 'See docs/configuration.md for this setting.'
}
