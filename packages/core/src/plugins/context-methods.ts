import { hasAccess } from '../commands/access.js'
import type { ChatMessage, ChatUser } from '../messages/chat-message.js'
import type { Permission } from '../permissions/permissions.js'
import type { Disposer } from '../runtime/disposables.js'
import { lifecycleSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { MessagePlace } from '../scopes/scope-gate.js'
import { type ContextKit, rejecting } from './context-kit.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginRecord } from './plugin-record.js'

/** @internal The context's functions, made together on first use of any. */
export interface Methods {
  configFor(place: MessagePlace): unknown
  can(permission: Permission): boolean
  onDispose(dispose: () => void): Disposer
  hasAccess(who: ChatMessage | ChatUser, levels: readonly string[], guildId?: string): boolean
  background: PluginContext['background']
  fetch: typeof fetch
}

/** @internal Makes the context's functions of one plugin. */
export function methodsOf(record: PluginRecord, runtime: Runtime, kit: ContextKit): Methods {
  const { name, permissions: perms } = record
  return {
    configFor: (place) => runtime.scopes.configFor(name, place),
    can: (permission) => perms.has(permission),
    onDispose: (dispose) => {
      kit.alive('register disposers')
      return kit.track(dispose)
    },
    hasAccess: (who, levels, guildId) =>
      'author' in who
        ? hasAccess(runtime.access, who.author, levels, who.guildId)
        : hasAccess(runtime.access, who, levels, guildId),
    background: (work, label = 'background') => {
      const task = (async () => {
        try {
          return await (typeof work === 'function' ? work() : work)
        } catch (error) {
          runtime.guard.fail(
            record,
            label,
            error instanceof Error ? error : new Error(String(error)),
            false,
            lifecycleSlot(label),
          )
          return undefined
        }
      })()
      runtime.tasks.track(name, task)
      return task
    },
    fetch: (input, init) =>
      rejecting(() => {
        kit.alive('use the network')
        kit.check('network', 'use the network')
        return fetch(input, init)
      }),
  }
}
