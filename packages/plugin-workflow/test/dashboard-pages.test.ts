import type { HttpRoute } from '@banter/core'
import { afterEach, describe, expect, it } from 'vitest'
import { stopBots, workflowBot } from './helpers/harness.js'

afterEach(stopBots)

describe('the workflow dashboard page', () => {
  it('lists runs with their step timeline, retries one as a new run, and refuses to cancel a finished one', async () => {
    const b = await workflowBot({
      workflows: [
        {
          id: 'greet',
          trigger: { manual: true },
          steps: [
            { id: 'one', type: 'log', message: 'first' },
            { id: 'two', type: 'log', message: 'second' },
          ],
        },
      ],
    })
    const page = b.bot.ui.pages('workflow')[0]
    expect(page?.title).toBe('Workflows')
    const route = (method: string, path: string): HttpRoute => {
      const found = b.bot.http
        .list()
        .find(
          (r) =>
            r.kind === 'route' &&
            r.plugin === 'workflow' &&
            r.route.method === method &&
            r.route.path === path,
        )
      if (found?.kind !== 'route') throw new Error(`no ${method} ${path}`)
      return found.route
    }
    const call = (
      method: 'GET' | 'POST',
      path: string,
      pattern: string,
      params: Record<string, string> = {},
    ) => route(method, pattern).handler({ method, path, params, query: {}, headers: {}, body: undefined })

    const started = await b.workflows.start('greet', {})
    const runId = started.runId as string
    await b.workflows.wait(runId)
    await expect
      .poll(
        async () =>
          ((await call('GET', '/dashboard/runs', '/dashboard/runs')).body as { rows: unknown[] }).rows,
      )
      .toEqual([
        expect.objectContaining({ id: runId, workflow: 'greet', status: 'completed', steps: 'one → two' }),
      ])

    const retried = await call('POST', `/dashboard/runs/${runId}/retry`, '/dashboard/runs/:id/retry', {
      id: runId,
    })
    expect(retried.body).toMatchObject({ message: expect.stringMatching(/^Retry of .*: started as /) })
    const cancel = await call('POST', `/dashboard/runs/${runId}/cancel`, '/dashboard/runs/:id/cancel', {
      id: runId,
    })
    expect(cancel.status).toBe(404)
    const workflows = await call('GET', '/dashboard/workflows', '/dashboard/workflows')
    expect(workflows.body).toMatchObject({ rows: [{ id: 'greet', mode: expect.any(String) }] })
  })
})
