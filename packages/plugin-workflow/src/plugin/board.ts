import type { Disposer, PluginContext } from '@banter/core'
import type { Queue } from 'bullmq'

/** Where the dashboard is served. */
export const BOARD_PATH = '/plugins/workflow/board'

/**
 * Mounts bull-board (the BullMQ dashboard) at `/plugins/workflow/board`, for holders of the admin
 * token. Loaded only when used: bull-board and express stay out of bots that do not serve it.
 */
export async function mountBoard(ctx: PluginContext<unknown>, queue: Queue): Promise<Disposer> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }, expressModule] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
    import('express'),
  ])
  const serverAdapter = new ExpressAdapter()
  serverAdapter.setBasePath(BOARD_PATH)
  // @bull-board/express brings its own copy of @bull-board/api (same API, a patch version apart), so
  // TypeScript sees two declarations of the adapter interface.
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: false })],
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  })
  const app = expressModule.default()
  const router = serverAdapter.getRouter()
  // The bot's HTTP server may hand the request over with the full path or with the mount prefix
  // stripped; serve both.
  app.use(BOARD_PATH, router)
  app.use(router)
  return ctx.http.mount('/board', (req, res) => app(req, res), { auth: 'admin' })
}
