import { z } from '@banter/core'

const permissionOverride = z.strictObject({
  deny: z.array(z.string()).optional(),
  allow: z.array(z.string()).optional(),
})

const accessLevel = z.strictObject({
  users: z.array(z.coerce.string()).optional(),
  roles: z
    .array(
      z.union([z.coerce.string(), z.strictObject({ guild: z.coerce.string(), role: z.coerce.string() })]),
    )
    .optional(),
})

const storage = z
  .string()
  .refine((s) => s === 'memory' || s.startsWith('sqlite:') || /^rediss?:\/\//.test(s), {
    error: 'must be `memory`, `sqlite:<path>` or `redis://host:port`',
  })

/**
 * The `discord` section: the options of `@banter/discord`'s DiscordAdapter (checked by its own
 * schema, see {@link loadDiscordSectionSchema}), plus `shards`.
 */
export const discordSectionSchema = z
  .object({
    shards: z.union([z.literal('auto'), z.number().int().positive()]).optional(),
    /** Pause between two shard starts (Discord allows one identify per 5 s; default 5500). */
    shardSpawnDelayMs: z.number().int().min(0).optional(),
    /** The shard ids this machine runs, to spread shards over machines (default: all of them). */
    shardList: z.array(z.number().int().min(0)).optional(),
  })
  .loose()

/** The `http` section. */
export const httpSectionSchema = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  adminToken: z.string().optional(),
})

/** One scope rule: a plugin on or off in a guild or channel, and options merged over its own. */
const scopeRule = z.strictObject({
  enabled: z.boolean().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
})

/** The scopes of one plugin, by guild id and by channel id. */
const pluginScopes = z.strictObject({
  guilds: z.record(z.coerce.string(), scopeRule).optional(),
  channels: z.record(z.coerce.string(), scopeRule).optional(),
})

/** Where one plugin runs (`sandbox:` entries, by plugin key or manifest name; see docs/sandbox.md). */
const sandboxEntry = z.strictObject({
  isolation: z.enum(['inline', 'worker', 'isolate']),
  memoryMb: z.number().int().min(8).max(4096).optional(),
  cpuMs: z.number().int().min(1).max(60_000).optional(),
  network: z.array(z.string().min(1)).optional(),
})

/**
 * The schema of `banter.config.yaml` (and of `defineConfig` in `banter.config.ts`). Plugin options are
 * checked by each plugin's own schema once the plugin is loaded.
 */
export const configSchema = z
  .object({
    adapter: z.enum(['console', 'discord']).default('console'),
    prefix: z.string().min(1).max(5).default('!'),
    discord: discordSectionSchema.optional(),
    storage: storage.default('memory'),
    http: httpSectionSchema.prefault({}),
    plugins: z
      .record(z.string(), z.union([z.literal(false), z.null(), z.record(z.string(), z.unknown())]))
      .default({}),
    pluginDirs: z.array(z.string()).default([]),
    permissions: z.record(z.string(), permissionOverride).default({}),
    sandbox: z.record(z.string(), sandboxEntry).default({}),
    scopes: z.record(z.string(), pluginScopes).default({}),
    access: z.record(z.string(), accessLevel).default({}),
    required: z.array(z.string()).default([]),
    timeouts: z
      .strictObject({
        hookMs: z.number().int().positive().optional(),
        initializeMs: z.number().int().positive().optional(),
        destroyMs: z.number().int().positive().optional(),
      })
      .optional(),
    /**
     * The circuit breaker: failures in a row of one handler before it is switched off (default 5),
     * and how long it stays off before it is tried again (default 30000 ms, doubled at each new trip;
     * 0 keeps it off until `banter plugins enable`).
     */
    circuitBreaker: z
      .strictObject({
        threshold: z.number().int().positive().optional(),
        cooldownMs: z.number().int().nonnegative().optional(),
      })
      .optional(),
    /**
     * Plugin update checks: once a day by default, the updates found logged once. `false` turns them
     * off; `{ intervalHours }` changes how often.
     */
    updates: z
      .union([
        z.boolean(),
        z.strictObject({
          intervalHours: z
            .number()
            .positive()
            .max(24 * 30),
        }),
      ])
      .default(true),
    log: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        pretty: z.boolean().optional(),
      })
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.adapter === 'discord' && !config.discord) {
      ctx.addIssue({
        code: 'custom',
        path: ['discord'],
        message: 'is required when adapter is discord: add a `discord:` section with a token',
      })
    }
  })

/**
 * The whole `discord` section, every key known: the DiscordAdapter's options and the shard settings.
 * It imports `@banter/discord` (and discord.js), so it is loaded only when a config has the section.
 */
export async function loadDiscordSectionSchema() {
  const { discordAdapterOptionsSchema } = await import('@banter/discord')
  return discordAdapterOptionsSchema.extend(discordSectionSchema.shape)
}

/** The top-level keys a configuration may have. */
export const CONFIG_KEYS: readonly string[] = Object.keys(configSchema.shape)

/** The configuration as written. */
export type BanterConfigInput = z.input<typeof configSchema>

/** The configuration after validation, with defaults. */
export type BanterConfig = z.output<typeof configSchema>

/**
 * Types a `banter.config.ts`:
 *
 * @example
 * ```ts
 * import { defineConfig } from '@banter/bot'
 * export default defineConfig({ adapter: 'console', plugins: { timestamp: { timeZone: 'UTC' } } })
 * ```
 */
export function defineConfig(config: BanterConfigInput): BanterConfigInput {
  return config
}
