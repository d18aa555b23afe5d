import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import type { PermissionSet } from '../permissions/permissions.js'
import type { PluginRecord } from '../plugins/plugin-record.js'
import { HandlerSlot, type SlotSource } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PipelineStage } from './message-pipeline.js'

type SlotField = 'inboundSlot' | 'outboundSlot'

/**
 * One plugin's message hook in a pipeline. It is its own {@link SlotSource}: the hook's failure record
 * lives on the plugin's record (it outlasts pipeline rebuilds) and is made on the hook's first failure.
 */
class HookStage<Message> implements PipelineStage<Message>, SlotSource {
  constructor(
    readonly owner: PluginRecord,
    readonly hook: (this: unknown, message: Message) => unknown,
    readonly self: unknown,
    readonly failClosed: boolean,
    readonly field: SlotField,
  ) {}

  get permissions(): PermissionSet {
    return this.owner.permissions
  }

  get slot(): SlotSource {
    return this
  }

  /** The hook's record, if it has failed since the plugin started. */
  #made(): HandlerSlot | undefined {
    return this.field === 'inboundSlot' ? this.owner.inboundSlot : this.owner.outboundSlot
  }

  get failures(): number {
    const slot = this.#made()
    return slot === undefined ? 0 : slot.failures
  }

  slotFor(): HandlerSlot {
    let slot = this.#made()
    if (slot === undefined) {
      slot = new HandlerSlot(this.field === 'inboundSlot' ? 'onMessageReceived' : 'onMessageSent', 'hook')
      if (this.field === 'inboundSlot') this.owner.inboundSlot = slot
      else this.owner.outboundSlot = slot
    }
    return slot
  }

  succeeded(): void {
    const slot = this.#made()
    if (slot !== undefined) slot.failures = 0
  }
}

/**
 * Rebuilds both pipelines from the active plugins, in order (priority, then load order). Called when
 * a plugin starts or stops, never per message.
 */
export function rebuildPipelines(runtime: Runtime, active: readonly PluginRecord[]): void {
  const inbound: PipelineStage<ChatMessage>[] = []
  const outbound: PipelineStage<OutgoingMessage>[] = []
  for (const record of active) {
    const instance = record.instance
    if (!instance) continue
    if (typeof instance.onMessageReceived === 'function' && record.permissions.has('messages:read')) {
      inbound.push(
        new HookStage<ChatMessage>(
          record,
          instance.onMessageReceived as never,
          instance,
          record.manifest.failClosed === true,
          'inboundSlot',
        ),
      )
    }
    if (typeof instance.onMessageSent === 'function') {
      outbound.push(
        new HookStage<OutgoingMessage>(
          record,
          instance.onMessageSent as never,
          instance,
          false,
          'outboundSlot',
        ),
      )
    }
  }
  runtime.inbound.setStages(inbound)
  runtime.outbound.setStages(outbound)
}
