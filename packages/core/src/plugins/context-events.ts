import { BanterError } from '../errors/banter-error.js'
import type { BotEventName, BotEvents, EventHandler } from '../events/bot-events.js'
import { type ContextKit, rejecting } from './context-kit.js'
import { isCoreEvent } from './manifest.js'
import type { ScopedEvents } from './plugin-context.js'

/**
 * Whether plugin `name` may emit `event`: its own `<name>.*` events and the names its manifest lists
 * in `emits`, never core's.
 */
export function mayEmit(name: string, emits: readonly string[] | undefined, event: string): boolean {
  if (isCoreEvent(event)) return false
  return event.startsWith(`${name}.`) || (emits?.includes(event) ?? false)
}

/** A plugin's view of the event bus (`ctx.events`): its listeners go when it stops; its emits are checked. */
export function createScopedEvents(kit: ContextKit): ScopedEvents {
  const { record, runtime, track, check, alive, report } = kit
  const needsRead = (names: BotEventName | readonly BotEventName[]) =>
    (typeof names === 'string' ? [names] : names).includes('message.received')
  // One disposer for all of the plugin's listeners: they leave with it, whole groups at a time.
  let tracked = false
  const listen = (
    names: BotEventName | readonly BotEventName[],
    handler: EventHandler<never>,
    once: boolean,
  ) => {
    alive('listen to events')
    if (needsRead(names)) check('messages:read', 'listen to message.received')
    if (!tracked) {
      tracked = true
      track(() => {
        tracked = false
        runtime.events.removeOwner(record)
      })
    }
    return runtime.events.add(names, handler as never, record, once)
  }
  return {
    on<Name extends BotEventName>(names: Name | readonly Name[], handler: EventHandler<Name>) {
      return listen(names, handler as EventHandler<never>, false)
    },
    once<Name extends BotEventName>(eventName: Name, handler: EventHandler<Name>) {
      return listen(eventName, handler as EventHandler<never>, true)
    },
    emit<Name extends BotEventName>(eventName: Name, payload: BotEvents[Name]) {
      return rejecting(() => {
        alive('emit events')
        if (!mayEmit(record.name, record.manifest.emits, eventName)) {
          const error = new BanterError(
            'EVENT_NOT_ALLOWED',
            isCoreEvent(eventName)
              ? `plugin "${record.name}" may not emit "${eventName}": core's events are core's alone`
              : `plugin "${record.name}" may not emit "${eventName}": it is neither "${record.name}.*" nor listed in the manifest's \`emits\``,
            { plugin: record.name, details: { event: eventName } },
          )
          report(error, `emit:${eventName}`)
          throw error
        }
        return runtime.events.emit(eventName, payload)
      })
    },
  }
}
