import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import type { PluginRecord } from '../plugins/plugin-record.js'
import { HandlerSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PipelineStage } from './message-pipeline.js'

/** The failure record of one message hook of `record`'s instance, made when it first joins a pipeline. */
function hookSlot(
  record: PluginRecord,
  field: 'inboundSlot' | 'outboundSlot',
  label: 'onMessageReceived' | 'onMessageSent',
): HandlerSlot {
  let slot = record[field]
  if (slot === undefined) {
    slot = new HandlerSlot(label, 'hook')
    record[field] = slot
  }
  return slot
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
      inbound.push({
        owner: record,
        permissions: record.permissions,
        hook: instance.onMessageReceived as never,
        self: instance,
        failClosed: record.manifest.failClosed === true,
        slot: hookSlot(record, 'inboundSlot', 'onMessageReceived'),
      })
    }
    if (typeof instance.onMessageSent === 'function') {
      outbound.push({
        owner: record,
        permissions: record.permissions,
        hook: instance.onMessageSent as never,
        self: instance,
        slot: hookSlot(record, 'outboundSlot', 'onMessageSent'),
      })
    }
  }
  runtime.inbound.setStages(inbound)
  runtime.outbound.setStages(outbound)
}
