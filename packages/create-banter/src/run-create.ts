import { relative, resolve } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { ask, type FullAnswers } from './ask.js'
import { createProject } from './create-project.js'
import { OFFICIAL_PLUGINS } from './official-plugins.js'
import {
  DEFAULT_PLUGINS,
  isPlatform,
  PLATFORMS,
  type Platform,
  parsePluginList,
  projectName,
} from './project-options.js'

const HELP = `Usage: npm create banter@latest [folder] -- [options]

Creates a Banter bot project: package.json, banter.config.yaml, .env.example, plugins/ with an
example plugin and its test, README.

Options:
  --platform <console|discord>  where the bot chats (default console)
  --plugins <a,b>               official plugins: ${OFFICIAL_PLUGINS.map((p) => p.key).join(', ')}, or none
                                (default ${DEFAULT_PLUGINS.join(',')})
  -y, --yes                     ask nothing: the defaults for whatever no flag gives
  -h, --help                    this help
`

/** Where `create-banter` reads answers and writes. */
export interface CreateIo {
  readonly input: Readable
  readonly output: Writable
  readonly error: Writable
  /** Folder a relative project folder is resolved from. */
  readonly cwd: string
}

/** `create-banter [folder] [--platform p] [--plugins a,b] [--yes]`; returns the exit code. */
export async function runCreate(argv: readonly string[], io: CreateIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.error.write(`${(error as Error).message}\n\n${HELP}`)
    return 1
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.output.write(HELP)
    return 0
  }
  let platform: Platform | undefined
  if (values.platform !== undefined) {
    if (!isPlatform(values.platform)) {
      io.error.write(`--platform must be one of ${PLATFORMS.join(', ')}, not "${values.platform}"\n`)
      return 1
    }
    platform = values.platform
  }
  let plugins: readonly string[] | undefined
  if (values.plugins !== undefined) {
    const list = parsePluginList(values.plugins)
    if (typeof list === 'string') {
      io.error.write(`--plugins: ${list}\n`)
      return 1
    }
    plugins = list
  }
  const given = { dir: positionals[0], platform, plugins }
  let answers: FullAnswers
  try {
    answers = values.yes
      ? { dir: given.dir ?? 'my-bot', platform: platform ?? 'console', plugins: plugins ?? DEFAULT_PLUGINS }
      : await ask(given, io)
  } catch (error) {
    io.error.write(`${(error as Error).message}\n`)
    return 1
  }
  const dir = resolve(io.cwd, answers.dir)
  try {
    createProject({ dir, name: projectName(dir), platform: answers.platform, plugins: answers.plugins })
  } catch (error) {
    io.error.write(`${(error as Error).message}\n`)
    return 1
  }
  const where = relative(io.cwd, dir) || '.'
  io.output.write(
    `\nCreated a Banter bot in ${where} (${answers.platform}${answers.plugins.length > 0 ? `, with ${answers.plugins.join(', ')}` : ''}).\n\nNext:\n  cd ${where}\n  npm install\n  npm start\n`,
  )
  return 0
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      platform: { type: 'string' },
      plugins: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
