import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isSecretKey } from '@banter/core'
import { parse as parseDotenv } from 'dotenv'
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  parse as parseYamlValue,
} from 'yaml'
import { aliasBombAt, MAX_ALIAS_COUNT } from './alias-bomb.js'
import { ConfigError, type ConfigProblem, pathText, safeMessage } from './config-problem.js'
import { type BanterConfig, configSchema, loadDiscordSectionSchema } from './config-schema.js'
import { didYouMean } from './did-you-mean.js'
import { interpolate, isWholeExpression } from './interpolate.js'
import { findUnknownKeys } from './unknown-keys.js'

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

async function loadYaml(
  file: string,
  dir: string,
  text: string,
  vars: Record<string, string | undefined>,
): Promise<LoadedConfig> {
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
  const data = toData(doc, file, (offset) => at(offset)) ?? {}
  for (const problem of await validate(data, file)) problems.push({ ...problem, ...locate(problem.path) })
  const result = configSchema.safeParse(data)
  if (problems.length > 0 || !result.success) throw new ConfigError(byLine(problems))
  return { file, dir, config: result.data, locate, secrets }
}

/**
 * The document as plain data, aliases expanded up to {@link MAX_ALIAS_COUNT}: an alias bomb ("billion
 * laughs", aliases of aliases that would expand to gigabytes) is a config problem at its line.
 */
function toData(
  doc: Document.Parsed,
  file: string,
  at: (offset: number | undefined) => { line?: number; column?: number },
): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    const bomb = aliasBombAt(doc)
    throw new ConfigError([
      {
        file,
        ...at(bomb?.offset),
        path: [],
        message: bomb
          ? `the YAML alias *${bomb.alias} expands too much: ${error.message.replace(/^\w/, (c) => c.toLowerCase())} (aliases of aliases, a "billion laughs" bomb)`
          : `the YAML aliases cannot be expanded: ${error.message}`,
        hint: 'Write the values out, or use an alias (*name) only for a value that holds no alias itself.',
      },
    ])
  }
}

/**
 * Every problem of the data against the schema: unknown keys at any depth (the `discord` section
 * against the Discord adapter's own options), then zod's issues. Problems have no line yet.
 */
async function validate(data: unknown, file: string): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = []
  const unknown = findUnknownKeys(configSchema, data)
  const discord = (data as { discord?: unknown } | null)?.discord
  if (discord !== null && typeof discord === 'object' && !Array.isArray(discord)) {
    unknown.push(...findUnknownKeys(await loadDiscordSectionSchema(), discord, ['discord']))
  }
  for (const { path, key, known } of unknown) {
    const guess = didYouMean(key, known)
    problems.push({
      file,
      path: [...path, key],
      message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      hint:
        path.length === 0
          ? hintFor([key], true)
          : `Known keys in ${pathText(path)}: ${known.join(', ')}. See docs/configuration.md.`,
    })
  }
  const result = configSchema.safeParse(data)
  if (!result.success) {
    // Unknown keys are reported above, once each, with a guess.
    for (const issue of result.error.issues.filter((i) => i.code !== 'unrecognized_keys')) {
      problems.push({
        file,
        path: issue.path,
        message: safeMessage(issue.path, issue.message),
        hint: hintFor(issue.path),
      })
    }
  }
  return problems
}

/** Problems in the order of their lines (those without one last, in the order found). */
function byLine(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const key = (p: ConfigProblem) => (p.line ?? Number.MAX_SAFE_INTEGER) * 10_000 + (p.column ?? 0)
  return [...problems].sort((a, b) => key(a) - key(b))
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
  const problems = await validate(data, file)
  const result = configSchema.safeParse(data)
  if (problems.length > 0 || !result.success) throw new ConfigError(problems)
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

function hintFor(path: readonly PropertyKey[], unknownKey = false): string {
  const top = path[0]
  if (top === undefined || (unknownKey && path.length === 1))
    return 'Known top-level keys: adapter, prefix, discord, storage, http, plugins, pluginDirs, permissions, sandbox, scopes, access, required, timeouts, log.'
  if (top === 'plugins') return 'Each plugin is `name-or-path: { options }`, or `false` to turn it off.'
  if (top === 'storage') return 'Use `memory`, `sqlite:./banter.sqlite` or `redis://127.0.0.1:6379`.'
  if (top === 'discord') return 'See docs/deploy.md for the Discord settings.'
  return 'See docs/configuration.md for this setting.'
}
