import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { projectFiles } from './project-files.js'
import type { ProjectOptions } from './project-options.js'
import { banterVersions } from './versions.js'

/** Files that may already be in a folder a project is created in. */
const HARMLESS = new Set(['.git', '.DS_Store', '.idea', '.vscode'])

/**
 * Writes a new project into `options.dir` (created if needed). Refuses a folder that holds anything
 * but version-control and editor files, so nothing is overwritten. Returns the files written.
 */
export function createProject(
  options: ProjectOptions,
  versions: Readonly<Record<string, string>> = banterVersions(),
): string[] {
  if (existsSync(options.dir)) {
    const present = readdirSync(options.dir).filter((name) => !HARMLESS.has(name))
    if (present.length > 0)
      throw new Error(
        `${options.dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}): pick a new folder name, or empty it first`,
      )
  }
  const files = projectFiles(options, versions)
  for (const [file, content] of Object.entries(files)) {
    const path = join(options.dir, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  return Object.keys(files)
}
