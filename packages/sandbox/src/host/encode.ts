import { type ChatMessage, type InboundResult, STOP } from '@banter/core'
import { plainData } from '../wire/plain-data.js'
import type { InboundWire, MessageRef } from '../wire/protocol.js'
import type { Generation } from './generation.js'
import { isChatMessage } from './message-refs.js'

/** The result of a guest's inbound hook as the pipeline takes it: unchanged, `STOP`, or a clean copy. */
export function decodeInbound(wire: InboundWire, message: ChatMessage, gen: Generation): InboundResult {
  if ('same' in wire) return undefined
  if ('stop' in wire) return STOP
  return gen.refs.adopt(wire.m, message)
}

/** An event payload: messages go as references (the guest likely has them), the rest as plain data. */
export function encodePayload(
  gen: Generation,
  payload: unknown,
): { p: Record<string, unknown>; refs?: Record<string, MessageRef> } {
  if (typeof payload !== 'object' || payload === null) return { p: {} }
  const p: Record<string, unknown> = {}
  let refs: Record<string, MessageRef> | undefined
  for (const key of Object.keys(payload)) {
    const value = (payload as Record<string, unknown>)[key]
    if (isChatMessage(value)) {
      refs ??= {}
      refs[key] = gen.refs.encode(value)
    } else p[key] = plainData(value)
  }
  return refs ? { p, refs } : { p }
}
