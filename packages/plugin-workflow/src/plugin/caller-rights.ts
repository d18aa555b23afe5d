import type { Permission, ServiceCaller } from '@banter/core'
import type { Workflow } from '../definition/workflow.js'

/** What each built-in step type does on the caller's behalf. */
const STEP_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  send: ['messages:send'],
  reply: ['messages:send'],
  http: ['network'],
  ai: ['network'],
  command: ['messages:send'],
}

/**
 * The permissions a workflow needs from whoever starts or registers it through the `workflows`
 * service: `queue` for the run itself, plus what its steps do (send messages, reach the network).
 * Step types other plugins register need nothing more: their own plugin's rights apply when they run.
 */
export function permissionsFor(workflow: Workflow): Permission[] {
  const needed = new Set<Permission>(['queue'])
  for (const op of workflow.program) {
    if (op.op !== 'step') continue
    for (const permission of STEP_PERMISSIONS[op.type] ?? []) needed.add(permission)
  }
  return [...needed].sort()
}

/**
 * Throws `PERMISSION_DENIED` (reported against the caller) unless `caller` holds every permission the
 * workflow needs: a plugin cannot launder a message or a request through the workflow plugin's
 * own rights.
 */
export function assertCallerMay(caller: ServiceCaller, workflow: Workflow, action: string): void {
  for (const permission of permissionsFor(workflow)) caller.assert(permission, `${action} "${workflow.id}"`)
}
