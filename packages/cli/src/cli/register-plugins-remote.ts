import type { Command } from 'commander'
import { processIo } from './io.js'

const DEFAULT_CONFIG = 'banter.config.yaml'

/**
 * Adds the `banter plugins` actions against a running bot (enable, disable, reload, set, load,
 * unload, config, schema, audit) to the `plugins` command. Each takes `--url` (else the config's
 * `http` section) and the admin token from `BANTER_ADMIN_TOKEN`.
 */
export function registerPluginsRemote(plugins: Command, exit: (code: number) => void): void {
  const add = (usage: string, description: string) =>
    plugins
      .command(usage)
      .description(description)
      .option('--url <url>', "the running bot's base URL (default: from the config's http section)")
      .option('-c, --config <file>', 'configuration file (for its http section)', DEFAULT_CONFIG)
      .option('--json', 'print the JSON answer')
  const run =
    (action: string) =>
    async (...given: unknown[]) => {
      const args = given.filter((a): a is string => typeof a === 'string')
      const opts = given.find(
        (a) => typeof a === 'object' && a !== null && !Array.isArray(a) && !('commands' in a),
      ) as {
        url?: string
        config: string
        json?: boolean
        channel?: string
        guild?: string
      }
      const { runPluginsRemote } = await import('./plugins-remote.js')
      exit(await runPluginsRemote(action, args, opts, processIo))
    }
  for (const action of ['enable', 'disable', 'reload'] as const)
    add(`${action} <name>`, `${action} a plugin of the running bot`).action(run(action))
  add(
    'set <name> <path> <value>',
    'change one option of a plugin of the running bot (written back to its config)',
  ).action(run('set'))
  add(
    'load <specifier> [options]',
    'load a plugin (installed package or path) into the running bot; options as JSON',
  ).action(run('load'))
  add('unload <name>', 'unload a plugin from the running bot').action(run('unload'))
  add('config <name>', "print a plugin's options (secrets masked)").action(run('config'))
  add('schema <name>', "print the JSON Schema of a plugin's options").action(run('schema'))
  add(
    'scope <name> <state>',
    'switch a plugin on, off, or back to the wider setting (clear) in one channel or guild',
  )
    .option('--channel <id>', 'the channel id')
    .option('--guild <id>', 'the guild id')
    .action(run('scope'))
  add('audit', 'print the audit log of the running bot').action(run('audit'))
  add('stats', 'usage over 7 days: most used and most failing commands, per plugin').action(run('stats'))
}
