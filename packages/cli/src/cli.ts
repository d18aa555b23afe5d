#!/usr/bin/env node
import { Command, Option } from 'commander'
import { processIo } from './cli/io.js'
import { registerPluginsRemote } from './cli/register-plugins-remote.js'

// Commands are imported when they run, so `--help` stays fast.

const DEFAULT_CONFIG = 'banter.config.yaml'
const exit = (code: number) => process.exit(code)

const program = new Command()
  .name('banter')
  .description('Runs a Banter chat bot composed from banter.config.yaml')
  .version('0.1.0')
  .showHelpAfterError()

program
  .command('start')
  .description('start the bot: load the config, the plugins, the adapter and the HTTP server')
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
  .addOption(
    new Option('--adapter <adapter>', 'override the configured adapter').choices(['console', 'discord']),
  )
  .action(async (opts: { config: string; adapter?: 'console' | 'discord' }) => {
    exit(
      await (await import('./cli/start.js')).runStart(
        { config: opts.config, adapter: opts.adapter },
        processIo,
      ),
    )
  })

const config = program.command('config').description('work with the configuration file')
config
  .command('check')
  .description("validate the whole configuration and every plugin's options; exit 1 on problems")
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
  .action(async (opts: { config: string }) => {
    exit(await (await import('./cli/config-check.js')).runConfigCheck(opts.config, processIo))
  })
config
  .command('schema <plugin>')
  .description("print the JSON Schema of a configured plugin's options (defaults, enums, secret marks)")
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
  .action(async (name: string, opts: { config: string }) => {
    exit(await (await import('./cli/options-schema.js')).runConfigSchema(opts.config, name, processIo))
  })

const plugins = program
  .command('plugins')
  .description('inspect the configured plugins, or manage a running bot')
plugins
  .command('list')
  .description('every configured plugin with version, status and permissions (of a running bot with --url)')
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
  .option('--url <url>', 'list the plugins of the bot running there instead')
  .action(async (opts: { config: string; url?: string }) => {
    if (opts.url) {
      exit(await (await import('./cli/plugins-remote.js')).runPluginsRemote('list', [], opts, processIo))
      return
    }
    exit(await (await import('./cli/plugins-list.js')).runPluginsList(opts.config, processIo))
  })
registerPluginsRemote(plugins, exit)

program
  .command('worker')
  .description('run workflow jobs only (BullMQ on Redis), from the same config; start as many as you need')
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
  .option('-w, --workers <n>', 'concurrent jobs in this process', '4')
  .option('--http', 'serve /healthz, /readyz and /metrics too')
  .action(async (opts: { config: string; workers: string; http?: boolean }) => {
    const workers = Number.parseInt(opts.workers, 10)
    if (!Number.isInteger(workers) || workers < 1) {
      processIo.err(`--workers must be a whole number of at least 1, got "${opts.workers}"`)
      exit(1)
    }
    const { runWorker } = await import('./cli/worker.js')
    exit(await runWorker({ config: opts.config, workers, http: opts.http ?? false }, processIo))
  })

const plugin = program.command('plugin').description('create and check plugins')
plugin
  .command('create <name>')
  .description('scaffold a plugin package that builds and passes its own test')
  .option('--dir <dir>', 'parent folder', 'packages')
  .option('--scope <scope>', 'npm scope, e.g. @acme (default: banter-plugin-<name>)')
  .action(async (name: string, opts: { dir: string; scope?: string }) => {
    exit(
      (await import('./cli/plugin-create.js')).runPluginCreate(name, processIo, {
        dir: opts.dir,
        scope: opts.scope,
      }),
    )
  })
plugin
  .command('validate <specifier>')
  .description('load a plugin in isolation and check its manifest, options schema, permissions and exports')
  .action(async (specifier: string) => {
    exit(await (await import('./cli/plugin-validate.js')).runPluginValidate(specifier, processIo))
  })

await program.parseAsync(process.argv)
