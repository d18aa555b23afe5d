import { type CommandDefinition, z } from '@banter/core'
import type { BridgeEnv } from './bridge-ops.js'

type AnyRecord = Record<string, unknown>

interface Slot {
  readonly name: string
  readonly required: boolean
  readonly rest: boolean
}

/**
 * A host-side argument schema with the same slots as the guest's zod schema: the last slot takes the
 * rest of the line when it does there, required slots are required. Values stay text; the guest
 * validates them with its own schema. Usage lines, `!help` and slash commands come out the same.
 */
export function mirrorArgs(slots: readonly Slot[]): z.ZodObject | undefined {
  if (slots.length === 0) return undefined
  const shape: Record<string, z.ZodType> = {}
  for (const slot of slots) {
    if (slot.rest) shape[slot.name] = slot.required ? z.string() : z.string().optional()
    else
      shape[slot.name] = slot.required
        ? z.custom<unknown>((v) => v !== undefined, 'is missing')
        : z.unknown().optional()
  }
  return z.object(shape)
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map((v) => String(v)) : undefined
}

/** Registers a guest's command on the host, under the plugin, with a handler that forwards to the guest. */
export function registerCommand(a: AnyRecord, env: BridgeEnv): void {
  const name = String(a.name)
  const slots = (Array.isArray(a.slots) ? a.slots : []).map((s: AnyRecord) => ({
    name: String(s.name),
    required: s.required === true,
    rest: s.rest === true,
  }))
  const timeoutMs = typeof a.timeoutMs === 'number' ? a.timeoutMs : undefined
  const args = mirrorArgs(slots)
  const aliases = strings(a.aliases)
  const permissions = strings(a.permissions)
  const definition: CommandDefinition<z.ZodObject> = {
    name,
    description: String(a.description ?? ''),
    ...(aliases ? { aliases } : {}),
    ...(permissions ? { permissions } : {}),
    ...(args ? { args } : {}),
    ...(typeof a.cooldown === 'number' ? { cooldown: a.cooldown } : {}),
    ...(typeof a.hidden === 'boolean' ? { hidden: a.hidden } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    handler: (context) => env.guest.command(name, context, timeoutMs) as Promise<void>,
  }
  env.gen.takeOver('commands', name)?.()
  env.gen.commands.set(name, env.ctx.commands.register(definition))
}
