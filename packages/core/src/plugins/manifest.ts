import semver from 'semver'
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
  /** Permissions the plugin needs (see {@link PERMISSIONS}). */
  readonly permissions: readonly Permission[]
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
}

const NAME = /^[a-z][a-z0-9-]*$/

const manifestSchema = z.object({
  name: z
    .string()
    .regex(NAME, 'must be kebab-case: lower-case letters, digits and dashes, starting with a letter'),
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semver version such as 1.0.0'),
  description: z.string().min(1, 'must say in one line what the plugin does'),
  author: z.string().optional(),
  dependencies: z
    .record(
      z.string().regex(NAME, 'dependency names are plugin manifest names (kebab-case)'),
      z.string().refine((r) => semver.validRange(r) !== null, 'must be a semver range such as ^1.0.0'),
    )
    .optional(),
  permissions: z.array(
    z.string().refine(isPermission, {
      error: (issue) =>
        `"${String(issue.input)}" is not a permission (known: ${Object.keys(PERMISSIONS).join(', ')})`,
    }),
  ),
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
  const unknownPermission = result.error.issues.find((i) => i.path[0] === 'permissions')
  const lines = result.error.issues.map((i) => `plugin "${name}": manifest.${i.path.join('.')}: ${i.message}`)
  throw new BanterError(unknownPermission ? 'PERMISSION_UNKNOWN' : 'MANIFEST_INVALID', lines.join('\n'), {
    plugin: name,
  })
}
