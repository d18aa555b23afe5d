import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BotProject } from './bot-project.js'

type History = Record<string, { version: string; range: string }[]>

const file = (project: BotProject) => join(project.dir, '.banter', 'plugin-history.json')

function read(project: BotProject): History {
  try {
    return JSON.parse(readFileSync(file(project), 'utf8')) as History
  } catch {
    return {}
  }
}

function write(project: BotProject, history: History): void {
  mkdirSync(join(project.dir, '.banter'), { recursive: true })
  writeFileSync(file(project), `${JSON.stringify(history, null, 2)}\n`)
}

/**
 * Remembers the version (and the package.json range) a plugin had before an update, in
 * `.banter/plugin-history.json`, so `banter plugin rollback` can go back to it.
 */
export function rememberVersion(project: BotProject, name: string, version: string, range: string): void {
  const history = read(project)
  history[name] = [...(history[name] ?? []), { version, range }].slice(-10)
  write(project, history)
}

/** The last version remembered for `name`, taken off the history; `undefined` when there is none. */
export function takePreviousVersion(
  project: BotProject,
  name: string,
): { version: string; range: string } | undefined {
  const history = read(project)
  const previous = history[name]?.pop()
  if (previous) write(project, history)
  return previous
}
