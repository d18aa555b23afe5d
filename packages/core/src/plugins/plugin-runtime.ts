import type { Logger } from 'pino'
import type { AccessConfig } from '../commands/access.js'
import type { CommandRegistry } from '../commands/command-registry.js'
import type { CommandRunner } from '../commands/command-runner.js'
import type { EventManager } from '../events/event-manager.js'
import type { RouteRegistry } from '../http/route-registry.js'
import type { Messenger } from '../messages/messenger.js'
import type { PermissionOverride } from '../permissions/permissions.js'
import type { Guard } from '../runtime/guard.js'
import type { ServiceRegistry } from '../services/service-registry.js'
import type { StorageBackend } from '../storage/storage-backend.js'
import type { Clock } from '../timers/clock.js'
import type { TimerCounter } from '../timers/plugin-timers.js'
import type { BotInfo } from './plugin-context.js'

/** Timeouts for calls into plugins, in milliseconds. */
export interface PluginTimeouts {
  /** Pipeline hooks, listeners, command handlers, timers. Default 5000. */
  readonly hookMs: number
  /** `initialize`. Default 30000. */
  readonly initializeMs: number
  /** `destroy`. Default 5000. */
  readonly destroyMs: number
}

/** @internal What the plugin manager and plugin contexts use from their bot. */
export interface PluginRuntime {
  readonly events: EventManager
  readonly guard: Guard
  readonly commands: CommandRegistry
  readonly runner: CommandRunner
  readonly services: ServiceRegistry
  readonly routes: RouteRegistry
  readonly clock: Clock
  readonly timerCounter: TimerCounter
  readonly logger: Logger
  readonly messenger: Messenger
  readonly info: BotInfo
  readonly timeouts: PluginTimeouts
  readonly breakerThreshold: number
  readonly permissionOverrides: Readonly<Record<string, PermissionOverride>>
  readonly access: AccessConfig
  track(task: Promise<unknown>): void
  readonly baseDir: string
  readonly resolvePaths: readonly string[]
  readonly started: boolean
  storage(): StorageBackend
  rebuildPipelines(): void
}
