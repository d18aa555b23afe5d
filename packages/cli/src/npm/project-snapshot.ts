import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BotProject } from './bot-project.js'
import { npmError, runNpm } from './run-npm.js'

/** The files of a bot project a plugin command changes, as they were, to put back on failure. */
export interface ProjectSnapshot {
  /** Writes the files back and lets npm put node_modules back in line with them. */
  restore(env?: NodeJS.ProcessEnv): Promise<void>
}

/** Takes a {@link ProjectSnapshot} of package.json, package-lock.json and the config file. */
export function snapshotProject(project: BotProject): ProjectSnapshot {
  const files = [join(project.dir, 'package.json'), join(project.dir, 'package-lock.json'), project.config]
  const saved = files.map((file) => ({
    file,
    text: existsSync(file) ? readFileSync(file, 'utf8') : undefined,
  }))
  return {
    restore: async (env) => {
      for (const { file, text } of saved) {
        if (text === undefined) rmSync(file, { force: true })
        else writeFileSync(file, text)
      }
      const result = await runNpm(['install', '--no-audit', '--no-fund'], {
        cwd: project.dir,
        ...(env ? { env } : {}),
      })
      if (result.code !== 0)
        throw new Error(`npm install (putting the project back) failed: ${npmError(result)}`)
    },
  }
}
