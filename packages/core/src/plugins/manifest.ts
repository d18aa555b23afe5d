// Single functions: the `semver` index loads all of its 47 files.
import valid from 'semver/functions/valid.js'
import validRange from 'semver/ranges/valid.js'
import { z } from 'zod'
import { BanterError } from '../errors/banter-error.js'
import { isPermission, PERMISSIONS, type Permission } from '../permissions/permissions.js'

/**
 * What a plugin says about itself, as the static `manifest` of its class.
 *
 * @example
 * ```ts
 * static manifest = {
 *   name: 'greeter', version: '1.0.0', description: 'Says hello',
 *   permissions: ['messages:send'],
 *   dependencies: { timestamp: '^0.1.0' },
 * } satisfies PluginManifest
 * ```
 */
export interface PluginManifest {
  /** Short, unique, kebab-case name (`timestamp`); config refers to the plugin by it. */
  readonly name: string
  /** The plugin's own semver version. */
  readonly version: string
  /** One line on what it does. */
  readonly description: string
  /** Author, free text. */
  readonly author?: string
  /** Plugins this one needs, by name, with a semver range each. They start first. */
  readonly dependencies?: Readonly<Record<string, string>>
  /** Permissions the plugin needs (see {@link PERMISSIONS}); one the operator denies stops it from loading. */
  readonly permissions: readonly Permission[]
  /**
   * Permissions the plugin can do without: the operator may deny them and the plugin still starts;
   * it asks `ctx.can(permission)` before using one.
   */
  readonly optionalPermissions?: readonly Permission[]
  /**
   * Events the plugin emits besides its own `<name>.*` events (`security.threat`, say). Core's names
   * (`bot.*`, `plugin.*`, `message.*`, `command.*`) cannot be listed. Type the payloads by augmenting
   * `BotEvents`.
   */
  readonly emits?: readonly string[]
  /** Order in the pipelines: higher runs first (security plugins use 1000). Default 0. */
  readonly priority?: number
  /**
   * Fail closed: when this plugin's `onMessageReceived` throws or times out, the message is stopped
   * instead of passed on, and the circuit breaker never disables the plugin (it logs instead). For
   * security plugins, whose silence must not let a message through.
   */
  readonly failClosed?: boolean
  /** Time limit of this plugin's hooks, listeners and handlers in ms (default: the bot's `timeouts.hookMs`). */
  readonly hookTimeoutMs?: number
  /** Services it provides (`ai`, `scanner`, ...): consumers start after it. */
  readonly provides?: readonly string[]
  /** Services it uses if present: their providers start first, but they are not required. */
  readonly uses?: readonly string[]
  /** SPDX license id (read from the plugin's package.json when absent). */
  readonly license?: string
  /** Home page (read from the plugin's package.json when absent). */
  readonly homepage?: string
  /** Marketplace category: `ai`, `moderation`, `automation`, `utility`, `fun`, ... */
  readonly category?: string
  /** Search keywords (read from the plugin's package.json when absent). */
  readonly keywords?: readonly string[]
}

/** Event name prefixes only core may emit. */
export const CORE_EVENT_PREFIXES = ['bot.', 'plugin.', 'message.', 'command.'] as const

/** Plugin names core keeps for itself (its own storage namespaces and notices use them). */
export const RESERVED_PLUGIN_NAMES: ReadonlySet<string> = new Set([
  'core',
  'banter',
  'bot',
  'admin',
  'system',
])

/** Whether `name` is an event only core may emit. */
export function isCoreEvent(name: string): boolean {
  return CORE_EVENT_PREFIXES.some((prefix) => name.startsWith(prefix))
}

const NAME = /^[a-z][a-z0-9-]*$/

const permission = z.string().refine(isPermission, {
  error: (issue) =>
    `"${String(issue.input)}" is not a permission (known: ${Object.keys(PERMISSIONS).join(', ')})`,
})

const manifestSchema = z.object({
  name: z
    .string()
    .regex(NAME, 'must be kebab-case: lower-case letters, digits and dashes, starting with a letter')
    .refine((name) => !RESERVED_PLUGIN_NAMES.has(name), {
      error: (issue) =>
        `"${String(issue.input)}" is reserved for core (${[...RESERVED_PLUGIN_NAMES].join(', ')})`,
    }),
  version: z.string().refine((v) => valid(v) !== null, 'must be a semver version such as 1.0.0'),
  description: z.string().min(1, 'must say in one line what the plugin does'),
  author: z.string().optional(),
  dependencies: z
    .record(
      z.string().regex(NAME, 'dependency names are plugin manifest names (kebab-case)'),
      z.string().refine((r) => validRange(r) !== null, 'must be a semver range such as ^1.0.0'),
    )
    .optional(),
  permissions: z.array(permission),
  optionalPermissions: z.array(permission).optional(),
  emits: z
    .array(
      z
        .string()
        .regex(/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/, 'must be a dotted event name such as `reminder.due`')
        .refine((name) => !isCoreEvent(name), {
          error: (issue) =>
            `"${String(issue.input)}" is core's own event (${CORE_EVENT_PREFIXES.map((p) => `${p}*`).join(', ')} are core's alone)`,
        }),
    )
    .optional(),
  license: z.string().optional(),
  homepage: z.string().optional(),
  category: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  priority: z.number().finite().optional(),
  failClosed: z.boolean().optional(),
  hookTimeoutMs: z.number().int().positive().optional(),
  provides: z.array(z.string()).optional(),
  uses: z.array(z.string()).optional(),
})

/**
 * Checks a manifest; throws `MANIFEST_INVALID` (or `PERMISSION_UNKNOWN` for an unknown permission)
 * naming each bad field.
 */
export function validateManifest(manifest: unknown, where: string): PluginManifest {
  if (manifest === null || typeof manifest !== 'object') {
    throw new BanterError('MANIFEST_INVALID', `${where} has no static \`manifest\` object`)
  }
  const result = manifestSchema.safeParse(manifest)
  if (result.success) return result.data as PluginManifest
  const name =
    typeof (manifest as { name?: unknown }).name === 'string' ? (manifest as { name: string }).name : where
  const issues = result.error.issues
  const unknownPermission = issues.find(
    (i) => i.path[0] === 'permissions' || i.path[0] === 'optionalPermissions',
  )
  const reserved = issues.find((i) => i.path[0] === 'name' && i.message.includes('reserved'))
  const lines = issues.map((i) => `plugin "${name}": manifest.${i.path.join('.')}: ${i.message}`)
  const code = reserved ? 'NAME_RESERVED' : unknownPermission ? 'PERMISSION_UNKNOWN' : 'MANIFEST_INVALID'
  throw new BanterError(code, lines.join('\n'), { plugin: name })
}
