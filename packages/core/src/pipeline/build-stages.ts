import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import type { PluginRecord } from '../plugins/plugin-record.js'
import { HandlerSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PipelineStage } from './message-pipeline.js'

const slots = new WeakMap<object, { inbound: HandlerSlot; outbound: HandlerSlot }>()

function slotsOf(instance: object): { inbound: HandlerSlot; outbound: HandlerSlot } {
  let found = slots.get(instance)
  if (found === undefined) {
    found = {
      inbound: new HandlerSlot('onMessageReceived', 'hook'),
      outbound: new HandlerSlot('onMessageSent', 'hook'),
    }
    slots.set(instance, found)
  }
  return found
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
    const own = slotsOf(instance)
    if (typeof instance.onMessageReceived === 'function' && record.permissions.has('messages:read')) {
      inbound.push({
        owner: record,
        permissions: record.permissions,
        hook: instance.onMessageReceived as never,
        self: instance,
        failClosed: record.manifest.failClosed === true,
        slot: own.inbound,
      })
    }
    if (typeof instance.onMessageSent === 'function') {
      outbound.push({
        owner: record,
        permissions: record.permissions,
        hook: instance.onMessageSent as never,
        self: instance,
        slot: own.outbound,
      })
    }
  }
  runtime.inbound.setStages(inbound)
  runtime.outbound.setStages(outbound)
}
