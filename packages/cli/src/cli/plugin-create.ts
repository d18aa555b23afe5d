import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { CORE_VERSION } from '@banter/core'
import { PLUGIN_TEMPLATES, type PluginTemplate } from '../scaffold/plugin-sources.js'
import { pluginTemplate } from '../scaffold/plugin-template.js'
import {
  addRootReference,
  banterRepoRoot,
  formatWithRepoBiome,
  writeInitialChangeset,
} from '../scaffold/repo-root.js'
import type { CliIo } from './io.js'

const NAME = /^[a-z][a-z0-9-]{0,40}$/

/** Options of {@link runPluginCreate}. */
export interface PluginCreateOptions {
  /** Parent folder (default `packages`). */
  readonly dir?: string
  /**
   * npm scope, e.g. `@acme` gives `@acme/plugin-<name>`; without it the package is
   * `banter-plugin-<name>` (`@banter/plugin-<name>` inside the Banter repository).
   */
  readonly scope?: string | undefined
  /** Kind of plugin (default `basic`). */
  readonly template?: string | undefined
}

/**
 * `banter plugin create <name>`: writes a plugin package (source, a test on `@banter/core/testing`,
 * README, package.json with the `banter-plugin` keyword) that builds and passes its test as is. Inside
 * the Banter repository it follows the repository's conventions (see CONTRIBUTING, "Adding a
 * package"): root tsconfig reference, `@banter/source` condition, root vitest and Biome, a changeset.
 */
export function runPluginCreate(name: string, io: CliIo, options: PluginCreateOptions = {}): number {
  if (!NAME.test(name)) {
    io.err(
      `"${name}" is not a plugin name: use lower-case letters, digits and dashes, starting with a letter (e.g. greeter).`,
    )
    return 1
  }
  const template = (options.template ?? 'basic') as PluginTemplate
  if (!PLUGIN_TEMPLATES.includes(template)) {
    io.err(`--template must be one of ${PLUGIN_TEMPLATES.join(', ')}, not "${options.template}".`)
    return 1
  }
  const folder = resolve(options.dir ?? 'packages', `plugin-${name}`)
  if (existsSync(folder)) {
    io.err(`${folder} already exists: pick another name or remove the folder.`)
    return 1
  }
  const root = banterRepoRoot(dirname(folder))
  const inWorkspace = root !== undefined && dirname(folder) === join(root, 'packages')
  const packageName = options.scope
    ? `${options.scope.replace(/\/$/, '')}/plugin-${name}`
    : inWorkspace
      ? `@banter/plugin-${name}`
      : `banter-plugin-${name}`
  const files = pluginTemplate({
    name,
    packageName,
    coreRange: `^${CORE_VERSION}`,
    template,
    workspace: inWorkspace ? { folder: relative(root, folder).split('\\').join('/') } : undefined,
  })
  for (const [file, content] of Object.entries(files)) {
    const path = join(folder, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  io.out(`Created ${packageName} (${template}) in ${folder}:`)
  for (const file of Object.keys(files)) io.out(`  ${file}`)
  if (inWorkspace) {
    addRootReference(root, relative(root, folder))
    const changeset = writeInitialChangeset(root, packageName, `First release of ${packageName}.`)
    formatWithRepoBiome(root, [relative(root, folder), 'tsconfig.json'])
    io.out(`  + tsconfig.json reference, ${relative(root, changeset)}`)
    io.out(`\nNext: npm install && npm run build && npm test -- --project plugin-${name}`)
  } else io.out(`\nNext: cd ${folder} && npm install && npm test`)
  return 0
}
