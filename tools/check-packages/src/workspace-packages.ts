import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A package of the workspace with its package.json. */
export interface WorkspacePackage {
  /** Folder relative to the repository root (`packages/core`). */
  readonly folder: string
  /** Its package.json. */
  readonly json: Record<string, unknown> & { name: string; private?: boolean }
}

/** The folders the root package.json's workspaces name, found on disk (`packages/*`, `apps/*`, ...). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const rootJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
  const found: WorkspacePackage[] = []
  for (const pattern of rootJson.workspaces) {
    const folders = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern]
    for (const folder of folders.sort()) {
      const file = join(root, folder, 'package.json')
      if (!existsSync(file)) continue
      found.push({ folder, json: JSON.parse(readFileSync(file, 'utf8')) as WorkspacePackage['json'] })
    }
  }
  return found
}
