import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { type Bot, type ChatAdapter, createBot, type Logger } from '@banter/core'
import type { DestinationStream } from 'pino'
import { ConfigFile } from '../config/config-file.js'
import type { BanterConfig } from '../config/config-schema.js'
import { type LoadedConfig, loadConfig } from '../config/load-config.js'
import { ConsoleAdapter } from '../console/console-adapter.js'
import { announceServer } from '../http/announce-server.js'
import { type BoundPort, bindHttpPort } from '../http/bound-port.js'
import type { HttpServer } from '../http/http-server.js'
import { type PastEvents, recordPastEvents } from '../http/past-events.js'
import { APP_DIR } from './app-dir.js'
import { createAppLogger } from './create-logger.js'
import { writeHttpState } from './http-state.js'
import { pluginEntries } from './plugin-entries.js'
import { shardOffset } from './shards.js'
import { scheduleUpdateChecks } from './update-check.js'

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Path of `banter.config.yaml` (or `.ts`). */
  readonly config: string
  /** Overrides the config's `adapter`. */
  readonly adapter?: 'console' | 'discord' | undefined
  /** Console adapter input (default stdin). */
  readonly input?: Readable
  /** Console adapter output (default stdout). */
  readonly output?: Writable
  /** Environment for `${VAR}` interpolation (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv
  /** Where log lines go (default stderr). */
  readonly logDestination?: DestinationStream
  /** Extra options merged into plugins' options, by config key (the worker uses it). */
  readonly pluginOverrides?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  /** Only load these config keys (the worker uses it). */
  readonly onlyPlugins?: readonly string[]
  /** Connect the adapter for sending only (Discord: REST, no gateway). */
  readonly sendOnly?: boolean
  /** Serve HTTP (default: the config's `http.enabled`). */
  readonly http?: boolean
  /** Use this adapter instead of the configured one. */
  readonly adapterOverride?: ChatAdapter
  /** The configuration, when the caller loaded it already from `config` (it is not read again). */
  readonly loaded?: LoadedConfig
}

/** A configured bot with its HTTP server. */
export interface App {
  /** The bot. */
  readonly bot: Bot
  /** The configuration it came from. */
  readonly loaded: LoadedConfig
  /** The logger. */
  readonly logger: Logger
  /** The HTTP server, once started (when enabled). */
  readonly http: HttpServer | undefined
  /** Resolves when the app stopped (console: at the end of input). */
  readonly stopped: Promise<void>
  /** Starts the bot, then the HTTP server. */
  start(): Promise<void>
  /** Stops the HTTP server and the bot (idempotent). */
  stop(reason: string): Promise<void>
}

async function createAdapter(
  config: BanterConfig,
  kind: 'console' | 'discord',
  options: AppOptions,
  onEnd: () => void,
): Promise<ChatAdapter> {
  if (kind === 'console') {
    return new ConsoleAdapter({
      ...(options.input ? { input: options.input } : {}),
      ...(options.output ? { output: options.output } : {}),
      onEnd,
    })
  }
  const { DiscordAdapter } = await import('@banter/discord')
  const { shards: _shards, shardSpawnDelayMs: _delay, shardList: _list, ...discord } = config.discord ?? {}
  return new DiscordAdapter({
    ...discord,
    ...(options.sendOnly ? { sendOnly: true } : {}),
  } as ConstructorParameters<typeof DiscordAdapter>[0])
}

/** Resolves a relative SQLite path against the config's folder, creating the folder it needs. */
function storageFor(spec: string, dir: string): string {
  if (!spec.startsWith('sqlite:')) return spec
  const file = resolve(dir, spec.slice('sqlite:'.length).replace(/^\/\//, ''))
  mkdirSync(dirname(file), { recursive: true })
  return `sqlite:${file}`
}

/** Where the HTTP port is set: `http.port in banter.config.yaml:14:3`, or that it is the default. */
function configured(loaded: LoadedConfig): string {
  // locate() stops at the deepest key it finds: `http.port` at the place of `http` is not set.
  const at = loaded.locate(['http', 'port'])
  const http = loaded.locate(['http'])
  const port = at && !(http && at.line === http.line && at.column === http.column) ? at : undefined
  return port
    ? `http.port in ${loaded.file}:${port.line}:${port.column}`
    : `the default http.port: ${loaded.file} sets none`
}

/**
 * Builds the bot a configuration describes: adapter, storage, plugins with their options, permission
 * overrides, access levels, and the HTTP server. Nothing connects until `start()`.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const loaded = options.loaded ?? (await loadConfig(options.config, options.env))
  const { config } = loaded
  const logger = createAppLogger({
    level: config.log.level,
    pretty: config.log.pretty,
    secrets: loaded.secrets,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  })
  let stop: (reason: string) => Promise<void> = async () => {}
  let markStopped: () => void = () => {}
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve
  })
  const adapter =
    options.adapterOverride ??
    (await createAdapter(config, options.adapter ?? config.adapter, options, () => void stop('end of input')))
  const overrides = options.pluginOverrides ?? {}
  const only = options.onlyPlugins ? new Set(options.onlyPlugins) : undefined
  const plugins = pluginEntries(config)
    .filter((entry) => !only || (Array.isArray(entry) && only.has(entry[0] as string)))
    .map((entry) => {
      if (!Array.isArray(entry)) return entry
      const [specifier, pluginOptions] = entry as [string, Record<string, unknown> | undefined]
      const extra = overrides[specifier]
      return extra ? ([specifier, { ...pluginOptions, ...extra }] as const) : entry
    })
  const bot = createBot({
    adapter,
    plugins,
    storage: storageFor(config.storage, loaded.dir),
    logger,
    prefix: config.prefix,
    permissions: config.permissions,
    sandbox: config.sandbox,
    scopes: config.scopes,
    access: config.access,
    required: config.required,
    baseDir: loaded.dir,
    resolvePaths: [APP_DIR],
    ...(config.timeouts ? { timeouts: config.timeouts } : {}),
    ...(config.circuitBreaker ? { circuitBreaker: config.circuitBreaker } : {}),
    // Changes made at run time are written back into a YAML config (a .ts config is code: not rewritten).
    ...(/\.ya?ml$/i.test(loaded.file)
      ? { configStore: new ConfigFile(loaded.file, Object.keys(config.plugins)) }
      : {}),
  })
  let http: HttpServer | undefined
  let bound: BoundPort | undefined
  let past: PastEvents | undefined
  let stopping: Promise<void> | undefined
  let forgetHttp = () => {}
  let withdrawServer = () => {}
  let stopUpdateChecks = () => {}
  stop = (reason: string) => {
    stopping ??= (async () => {
      forgetHttp()
      withdrawServer()
      stopUpdateChecks()
      past?.stop()
      await (http ?? bound)
        ?.close()
        .catch((error: unknown) => logger.warn({ err: error }, 'the HTTP server failed to close'))
      await bot.stop(reason)
      markStopped()
    })()
    return stopping
  }
  return {
    bot,
    loaded,
    logger,
    get http() {
      return http
    },
    stopped,
    start: async () => {
      // The port first: a taken port fails the start before the bot connects anywhere.
      if (options.http ?? config.http.enabled) {
        // Each shard process of one machine serves on its own port: port + its first shard id.
        const port = config.http.port === 0 ? 0 : config.http.port + shardOffset(options.env)
        bound = await bindHttpPort(config.http.host, port, configured(loaded))
        // Plugins (the dashboard) learn the URL while they start; until the server below serves,
        // every request is answered 503 (starting).
        withdrawServer = announceServer(bot, bound.url, config.http.adminToken)
        past = recordPastEvents(bot)
      }
      await bot.start()
      if (bound && past && !stopping) {
        // fastify and prom-client load only when HTTP is on, and after the bot reported ready.
        const { startHttpServer } = await import('../http/http-server.js')
        past.stop()
        http = await startHttpServer(bot, {
          ...config.http,
          port: bound.port,
          logger,
          configured: configured(loaded),
          bound,
          pastEvents: past.events,
        })
        // `banter plugin install` finds the running bot of this config through it.
        forgetHttp = writeHttpState(loaded.dir, http.url)
        if (stopping) await http.close()
      }
      if (config.updates !== false && !options.sendOnly)
        stopUpdateChecks = scheduleUpdateChecks(
          { dir: loaded.dir, config: loaded.file },
          logger,
          config.updates === true ? undefined : config.updates.intervalHours * 3_600_000,
        )
    },
    stop: (reason) => stop(reason),
  }
}
