import { createInterface } from 'node:readline/promises'
import type { Readable, Writable } from 'node:stream'
import { OFFICIAL_PLUGINS } from './official-plugins.js'
import { DEFAULT_PLUGINS, isPlatform, type Platform, parsePluginList } from './project-options.js'

/** What the questions ask for; whatever a flag already gave is not asked. */
export interface Answers {
  readonly dir?: string | undefined
  readonly platform?: Platform | undefined
  readonly plugins?: readonly string[] | undefined
}

/** Every answer. */
export interface FullAnswers {
  readonly dir: string
  readonly platform: Platform
  readonly plugins: readonly string[]
}

/**
 * Asks for what the flags left out, with node:readline (create-banter has no dependencies, so
 * `npm create banter` starts at once and installs from any registry). An empty answer takes the
 * default shown in brackets; a wrong one is asked again.
 */
export async function ask(given: Answers, io: { input: Readable; output: Writable }): Promise<FullAnswers> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false })
  const lines = rl[Symbol.asyncIterator]()
  const question = async (text: string): Promise<string> => {
    io.output.write(text)
    const next = await lines.next()
    if (next.done) throw new Error('no answer: the input ended (pass --yes to take every default)')
    return String(next.value).trim()
  }
  try {
    const dir = given.dir ?? ((await question('Project folder [my-bot]: ')) || 'my-bot')
    let platform = given.platform
    while (platform === undefined) {
      const answer = (await question('Platform (console, discord) [console]: ')) || 'console'
      if (isPlatform(answer)) platform = answer
      else io.output.write(`"${answer}" is not a platform.\n`)
    }
    let plugins = given.plugins
    if (plugins === undefined) {
      io.output.write('Official plugins:\n')
      for (const plugin of OFFICIAL_PLUGINS) io.output.write(`  ${plugin.key}: ${plugin.description}\n`)
    }
    while (plugins === undefined) {
      const answer = await question(`Plugins, comma separated, or none [${DEFAULT_PLUGINS.join(',')}]: `)
      const parsed = parsePluginList(answer === '' ? DEFAULT_PLUGINS.join(',') : answer)
      if (typeof parsed === 'string') io.output.write(`${parsed}\n`)
      else plugins = parsed
    }
    return { dir, platform, plugins }
  } finally {
    rl.close()
  }
}
