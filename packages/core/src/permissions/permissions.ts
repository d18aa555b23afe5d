import { BanterError, PermissionDeniedError } from '../errors/banter-error.js'

/**
 * Every permission a plugin may declare, with what it allows. Permissions catch mistakes and make a
 * plugin's intent visible to the operator; they are not a security boundary against malicious code
 * running in the same process.
 */
export const PERMISSIONS = {
  'messages:read': 'See inbound messages: the `onMessageReceived` hook and `message.received` listeners.',
  'messages:send': 'Send, reply to, edit and react to messages through `ctx.messages`.',
  'messages:delete': 'Delete messages through `ctx.messages.delete`.',
  'messages:transform':
    'Change or stop messages in the pipelines (`onMessageReceived` returning a message or STOP, `onMessageSent`).',
  storage: 'Keep data in the per-plugin key-value store `ctx.storage`.',
  network: 'Reach other hosts through `ctx.fetch` (and, by declaration, any client the plugin builds on it).',
  http: 'Serve HTTP routes under `/plugins/<name>/` through `ctx.http`.',
  queue: 'Run background jobs on the bot queue (the workflow plugin).',
  manage:
    'Manage the bot through `ctx.admin`: list, enable, disable, reload, configure, load and unload plugins, read the audit log (a dashboard).',
} as const

/** A permission name from {@link PERMISSIONS}. */
export type Permission = keyof typeof PERMISSIONS

/** Operator overrides for one plugin's permissions, from the bot configuration. */
export interface PermissionOverride {
  /** Permissions taken away even though the plugin declares them. */
  readonly deny?: readonly string[] | undefined
  /** When given, only these of the declared permissions are granted. */
  readonly allow?: readonly string[] | undefined
}

/** Whether `name` is a known permission. */
export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name)
}

// Permission sets are few and never change: plugins that declare the same permissions share one Set.
const interned = new Map<string, ReadonlySet<string>>()

function internSet<Value extends string>(values: readonly Value[]): ReadonlySet<Value> {
  const key = [...new Set(values)].sort().join(' ')
  let found = interned.get(key)
  if (found === undefined) {
    found = new Set(key === '' ? [] : key.split(' '))
    interned.set(key, found)
  }
  return found as ReadonlySet<Value>
}

/**
 * The permissions granted to one plugin: what its manifest declares, narrowed by the operator's
 * `allow` list and minus the `deny` list.
 */
export class PermissionSet {
  readonly #plugin: string
  readonly #declared: ReadonlySet<string>
  readonly #required: readonly Permission[]
  readonly #granted: ReadonlySet<Permission>

  /**
   * @param required - the manifest's `permissions`
   * @param override - the operator's `allow`/`deny` for this plugin
   * @param optional - the manifest's `optionalPermissions`
   */
  constructor(
    plugin: string,
    required: readonly string[],
    override: PermissionOverride = {},
    optional: readonly string[] = [],
  ) {
    this.#plugin = plugin
    const declared = [...required, ...optional]
    for (const name of [...declared, ...(override.deny ?? []), ...(override.allow ?? [])]) {
      if (!isPermission(name)) {
        throw new BanterError(
          'PERMISSION_UNKNOWN',
          `plugin "${plugin}": "${name}" is not a permission (known: ${Object.keys(PERMISSIONS).join(', ')})`,
          { plugin },
        )
      }
    }
    this.#declared = internSet(declared)
    this.#required = required as Permission[]
    const deny = new Set(override.deny ?? [])
    const allow = override.allow ? new Set(override.allow) : undefined
    this.#granted = internSet(
      (declared as Permission[]).filter((p) => !deny.has(p) && (allow === undefined || allow.has(p))),
    )
  }

  /** Whether the plugin holds `permission`. */
  has(permission: Permission): boolean {
    return this.#granted.has(permission)
  }

  /** Throws {@link PermissionDeniedError} unless the plugin holds `permission`. */
  assert(permission: Permission, action: string): void {
    if (this.#granted.has(permission)) return
    throw this.denial(permission, action)
  }

  /** The error for lacking `permission` to do `action` (whether undeclared or denied by the operator). */
  denial(permission: Permission, action: string): PermissionDeniedError {
    return new PermissionDeniedError(
      this.#plugin,
      permission,
      action,
      this.#declared.has(permission) ? 'denied' : 'undeclared',
    )
  }

  /**
   * Required permissions (the manifest's `permissions`) the operator took away. A plugin with any
   * does not start: it is found at load, not at first use.
   */
  withheld(): Permission[] {
    return this.#required.filter((p) => !this.#granted.has(p))
  }

  /** The granted permissions, sorted. */
  list(): Permission[] {
    return [...this.#granted].sort()
  }
}
