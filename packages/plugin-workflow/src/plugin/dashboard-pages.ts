import type { PluginContext } from '@banter/core'
import { describeTrigger } from '../definition/workflow.js'
import type { WorkflowEngine } from '../engine/workflow-engine.js'
import type { RunRecord } from '../queue/run-record.js'

function duration(run: RunRecord): string {
  if (run.startedAt === undefined) return ''
  const ms = (run.finishedAt ?? run.startedAt + run.activeMs) - run.startedAt
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A run's steps as a short timeline: the ids done in order, then where it stopped. */
function timeline(run: RunRecord): string {
  const done = Object.keys(run.steps)
  const stop = run.error?.step ? ` ✗ ${run.error.step}` : run.status === 'running' ? ' …' : ''
  return `${done.length > 0 ? done.join(' → ') : '(none)'}${stop}`
}

/**
 * The workflow page of the dashboard: recent runs with their step timeline, retry (a new run of the
 * same workflow on the same trigger payload) and cancel, and the workflows loaded. Its routes need
 * the admin token (the dashboard calls them for a logged-in operator).
 */
export function registerDashboardPages(ctx: PluginContext<unknown>, engine: WorkflowEngine): void {
  const runs = async () => {
    const ids = await engine.driver.store.recent(50)
    return (await Promise.all(ids.map((id) => engine.run(id)))).filter((r): r is RunRecord => r !== undefined)
  }
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/runs',
    auth: 'admin',
    handler: async () => ({
      body: {
        rows: (await runs()).map((run) => ({
          id: run.id,
          workflow: run.workflowId,
          status: run.status,
          trigger: run.trigger.kind,
          created: new Date(run.createdAt).toISOString(),
          took: duration(run),
          steps: timeline(run),
          error: run.error ? run.error.message : '',
        })),
      },
    }),
  })
  ctx.http.route({
    method: 'POST',
    path: '/dashboard/runs/:id/retry',
    auth: 'admin',
    handler: async ({ params }) => {
      const run = await engine.run(params.id as string)
      if (!run) return { status: 404, body: { message: `No run ${params.id} (finished runs expire).` } }
      if (!engine.workflows.has(run.workflowId))
        return { status: 409, body: { message: `Workflow ${run.workflowId} is not loaded any more.` } }
      const result = await engine.start(run.workflowId, {
        kind: run.trigger.kind,
        payload: run.trigger.payload,
        skipConditions: true,
      })
      return {
        body: {
          message: `Retry of ${run.id}: ${result.status}${result.runId ? ` as ${result.runId}` : ''}.`,
        },
      }
    },
  })
  ctx.http.route({
    method: 'POST',
    path: '/dashboard/runs/:id/cancel',
    auth: 'admin',
    handler: async ({ params }) => {
      const done = await engine.cancel(params.id as string, 'cancelled from the dashboard')
      return {
        status: done ? 200 : 404,
        body: { message: done ? `Cancelling run ${params.id}.` : `No unfinished run ${params.id}.` },
      }
    },
  })
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/workflows',
    auth: 'admin',
    handler: () => ({
      body: {
        rows: [...engine.workflows.values()].map((w) => ({
          id: w.id,
          trigger: describeTrigger(w.trigger),
          mode: w.mode,
          description: w.description ?? '',
        })),
      },
    }),
  })
  ctx.ui.page({
    id: 'workflows',
    title: 'Workflows',
    icon: '⚙',
    body: [
      {
        type: 'table',
        title: 'Recent runs',
        columns: [
          { key: 'created', label: 'Created' },
          { key: 'workflow', label: 'Workflow' },
          { key: 'status', label: 'Status' },
          { key: 'trigger', label: 'Trigger' },
          { key: 'steps', label: 'Steps' },
          { key: 'took', label: 'Took' },
          { key: 'error', label: 'Error' },
        ],
        route: '/dashboard/runs',
        rowActions: [
          {
            label: 'Retry',
            route: '/dashboard/runs/:id/retry',
            confirm: 'Start this workflow again on the same trigger payload?',
          },
          { label: 'Cancel', route: '/dashboard/runs/:id/cancel', confirm: 'Cancel this run?' },
        ],
      },
      {
        type: 'table',
        title: 'Workflows',
        columns: [
          { key: 'id', label: 'Id' },
          { key: 'trigger', label: 'Trigger' },
          { key: 'mode', label: 'Mode' },
          { key: 'description', label: 'Description' },
        ],
        route: '/dashboard/workflows',
      },
    ],
  })
}
