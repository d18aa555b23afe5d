import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pluginTemplate } from '../scaffold/plugin-template.js'
import type { CliIo } from './io.js'

const NAME = /^[a-z][a-z0-9-]{0,40}$/

/** Options of {@link runPluginCreate}. */
export interface PluginCreateOptions {
  /** Parent folder (default `packages`). */
  readonly dir?: string
  /** npm scope, e.g. `@acme` gives `@acme/plugin-<name>`; without it the package is `banter-plugin-<name>`. */
  readonly scope?: string | undefined
}

/**
 * `banter plugin create <name>`: writes a plugin package (source, a test on `@banter/core/testing`,
 * README, package.json with the `banter-plugin` keyword) that builds and passes its test as is.
 */
export function runPluginCreate(name: string, io: CliIo, options: PluginCreateOptions = {}): number {
  if (!NAME.test(name)) {
    io.err(
      `"${name}" is not a plugin name: use lower-case letters, digits and dashes, starting with a letter (e.g. greeter).`,
    )
    return 1
  }
  const folder = resolve(options.dir ?? 'packages', `plugin-${name}`)
  if (existsSync(folder)) {
    io.err(`${folder} already exists: pick another name or remove the folder.`)
    return 1
  }
  const packageName = options.scope
    ? `${options.scope.replace(/\/$/, '')}/plugin-${name}`
    : `banter-plugin-${name}`
  const files = pluginTemplate({ name, packageName, coreRange: '^0.1.0' })
  for (const [file, content] of Object.entries(files)) {
    const path = join(folder, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  io.out(`Created ${packageName} in ${folder}:`)
  for (const file of Object.keys(files)) io.out(`  ${file}`)
  io.out(`\nNext: cd ${folder} && npm install && npm test`)
  return 0
}
