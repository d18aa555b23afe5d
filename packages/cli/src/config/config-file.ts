import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  type ConfigStore,
  isSecretPath,
  type OptionPath,
  type OptionsChange,
  type PluginScopes,
  valueAt,
} from '@banter/core'
import { isMap, isScalar, parseDocument } from 'yaml'
import { appError } from '../app-error-codes.js'
import { isWholeExpression } from './interpolate.js'

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** `BANTER_OPENAI_API_KEY` for the secret `apiKey` of the plugin keyed `openai`. */
export function secretVariable(key: string, path: OptionPath): string {
  const words = [key.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, ''), ...path.map(String)]
  return `BANTER_${words
    .map((w) => w.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`
}

/** `.env` text with `name` set to `value` (the line replaced, or added at the end). */
export function setEnvLine(text: string, name: string, value: string): string {
  const quoted = value.includes("'") ? `"${value.replace(/"/g, '\\"')}"` : `'${value}'`
  const line = `${name}=${quoted}`
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n')
  const at = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(l))
  if (at === -1) lines.push(line)
  else lines[at] = line
  return `${lines.join('\n')}\n`
}

/** `.env` text without the line that sets `name`. */
export function removeEnvLine(text: string, name: string): string {
  const lines = text.replace(/\n$/, '').split('\n')
  const kept = lines.filter((l) => !new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(l))
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`
}

function writeAtomic(file: string, text: string, mode?: number): void {
  const temp = join(dirname(file), `.${Date.now()}-${process.pid}.banter-tmp`)
  writeFileSync(temp, text, mode === undefined ? {} : { mode })
  renameSync(temp, file)
}

/**
 * The bot's YAML config file as a {@link ConfigStore}: option changes made at run time are written
 * back with the `yaml` Document API, touching only the changed values, so comments, key order and
 * the `${VAR}` expressions of other values survive. A secret value never goes into the YAML: it goes
 * into the `.env` next to the file, and the YAML holds its `${VAR}` reference. When the file changed
 * on disk since the bot read it (or last wrote it), the change is refused (`BOT_CONFIG_CONFLICT`).
 */
export class ConfigFile implements ConfigStore {
  readonly file: string
  readonly #keys: ReadonlySet<string>
  #seen: string

  /** `keys`: the plugin keys of the `plugins:` section as loaded. */
  constructor(file: string, keys: Iterable<string>) {
    this.file = file
    this.#keys = new Set(keys)
    this.#seen = hash(readFileSync(file, 'utf8'))
  }

  /** The `plugins:` key of a plugin: its specifier, or its name. */
  keyOf(change: Pick<OptionsChange, 'plugin' | 'source'>): string | undefined {
    if (this.#keys.has(change.source)) return change.source
    return this.#keys.has(change.plugin) ? change.plugin : undefined
  }

  /**
   * Refuses when the file changed on disk. A plugin without a key of its own under `plugins:` (from a
   * plugin folder, or loaded at run time) is changed in memory only: there is nowhere to write it.
   */
  check(change: OptionsChange): void {
    if (this.keyOf(change) !== undefined) this.#current()
  }

  /** Writes the changed values (secrets to `.env`). */
  save(change: OptionsChange): void {
    const key = this.keyOf(change)
    if (key === undefined) return
    const text = this.#current()
    const doc = parseDocument(text)
    const base = ['plugins', key]
    if (!isMap(doc.getIn(base))) doc.setIn(base, doc.createNode({}))
    const envFile = join(dirname(this.file), '.env')
    let env = existsSync(envFile) ? readFileSync(envFile, 'utf8') : undefined
    for (const path of change.changed) {
      const value = valueAt(change.after, path)
      const at = [...base, ...path]
      if (value === undefined) {
        // A secret this file put in .env goes with its option.
        const node = doc.getIn(at, true)
        const ref =
          isScalar(node) && typeof node.value === 'string'
            ? /^\$\{(BANTER_[A-Z0-9_]+)\}$/.exec(node.value)
            : null
        if (ref && env !== undefined && isSecretPath(path, change.secrets))
          env = removeEnvLine(env, ref[1] as string)
        doc.deleteIn(at)
        continue
      }
      if (!isSecretPath(path, change.secrets)) {
        doc.setIn(at, value)
        continue
      }
      const node = doc.getIn(at, true)
      const written = isScalar(node) && typeof node.value === 'string' ? node.value : undefined
      const name =
        written && isWholeExpression(written)
          ? (written.match(/^\$\{([A-Za-z_][A-Za-z0-9_]*)/)?.[1] as string)
          : secretVariable(key, path)
      env = setEnvLine(env ?? '', name, String(value))
      doc.setIn(at, `\${${name}}`)
    }
    try {
      if (env !== undefined) writeAtomic(envFile, env, 0o600)
      const out = doc.toString()
      writeAtomic(this.file, out)
      this.#seen = hash(out)
    } catch (cause) {
      throw appError('BOT_CONFIG_NOT_WRITTEN', `could not write ${this.file}: ${(cause as Error).message}`, {
        cause,
      })
    }
  }

  /** Writes the `scopes:` entry of one plugin (removed when it has none left). */
  saveScopes(plugin: string, scopes: PluginScopes): void {
    const doc = parseDocument(this.#current())
    const empty =
      Object.keys(scopes.guilds ?? {}).length === 0 && Object.keys(scopes.channels ?? {}).length === 0
    if (empty) doc.deleteIn(['scopes', plugin])
    else {
      const clean = JSON.parse(JSON.stringify(scopes)) as PluginScopes
      if (!isMap(doc.get('scopes'))) doc.set('scopes', doc.createNode({}))
      doc.setIn(['scopes', plugin], doc.createNode(clean))
    }
    this.#write(doc.toString())
  }

  #write(out: string): void {
    try {
      writeAtomic(this.file, out)
      this.#seen = hash(out)
    } catch (cause) {
      throw appError('BOT_CONFIG_NOT_WRITTEN', `could not write ${this.file}: ${(cause as Error).message}`, {
        cause,
      })
    }
  }

  #current(): string {
    const text = readFileSync(this.file, 'utf8')
    if (hash(text) !== this.#seen)
      throw appError(
        'BOT_CONFIG_CONFLICT',
        `${this.file} changed on disk since the bot read it, so the change was not made (nothing was written)`,
      )
    return text
  }
}
