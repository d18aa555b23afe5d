import type { z } from 'zod'
import type { CommandDefinition } from '../commands/command.js'
import type { ChatMessage } from '../messages/chat-message.js'
import type { ServiceCaller } from '../services/service-registry.js'
import type { ServiceName } from '../services/services.js'
import { type ContextKit, rejecting } from './context-kit.js'
import type { PluginCommands, PluginMessages, PluginServices } from './plugin-context.js'

/** A plugin's commands (`ctx.commands`): they leave with it; a switched-off command stays off. */
export function createPluginCommands(kit: ContextKit, messages: () => PluginMessages): PluginCommands {
  const { record, runtime, track, check, alive } = kit
  const caller = {
    name: record.name,
    assertMaySend: () => check('messages:send', 'send what a command answers'),
  }
  return {
    register<Schema extends z.ZodObject>(definition: CommandDefinition<Schema>) {
      alive('register commands')
      // The breaker's verdict outlives a re-registration (a sandbox guest that restarted registers
      // its commands again): only `enable` or `reload` brings a switched-off command back.
      if (record.switchedOff.some((h) => h.handler === `command:${definition.name}`)) {
        kit.logger().debug({ command: definition.name }, 'a switched-off command stays off')
        return () => undefined
      }
      return track(
        runtime.commands.register(
          record,
          definition as unknown as CommandDefinition<z.ZodObject>,
          (to, draft) => messages().reply(to, draft),
        ),
      )
    },
    run: (line: string, as: ChatMessage) =>
      rejecting(() => {
        alive('run commands')
        return runtime.runner.invoke(as, line, caller)
      }),
    list: () => runtime.commands.list(),
  }
}

/** A plugin's services (`ctx.services`): what it provides leaves with it; calls carry its rights. */
export function createPluginServices(kit: ContextKit, messages: () => PluginMessages): PluginServices {
  const { record, runtime, track, check, alive } = kit
  const name = record.name
  const perms = record.permissions
  const caller: ServiceCaller = {
    name,
    can: (permission) => perms.has(permission),
    assert: (permission, action) => check(permission, action),
    get messages() {
      return messages()
    },
  }
  return {
    provide(service, implementation) {
      alive('provide services')
      return track(runtime.services.provide(name, service, implementation))
    },
    provideFor(service, bind) {
      alive('provide services')
      return track(
        runtime.services.provide(name, service, undefined, bind as (caller: ServiceCaller) => unknown),
      )
    },
    get<Name extends ServiceName>(service: Name) {
      return runtime.services.get(service, caller) as never
    },
    tryGet<Name extends ServiceName>(service: Name) {
      return runtime.services.tryGet(service, caller) as never
    },
  }
}
