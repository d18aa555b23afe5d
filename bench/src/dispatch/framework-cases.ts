import { createRequire } from 'node:module'
import type { MockBot as KoishiMockBot } from '@koishijs/plugin-mock'
import { Adapter, type Robot as HubotRobot, Robot, TextMessage, User } from 'hubot'
import type { Context as KoishiContext } from 'koishi'
import type { Driver } from '../harness/measure.js'
import { noopFunctions } from './noop-functions.js'

const CONTENT = 'hello there, how is everyone doing today?'

// Koishi 4.18's ES module build does not load on Node 20 (`@koishijs/loader/lib/index.mjs` extends a
// CommonJS default export: "Class extends value #<Object> is not a constructor"), so it is required.
const require = createRequire(import.meta.url)

/**
 * Koishi 4 through its mock adapter (`@koishijs/plugin-mock`): `n` plugins, each adding one no-op
 * middleware (`(session, next) => next()`). A message is a fresh event handed to the bot, which builds
 * a Session and dispatches it (its receive path); it is done when Koishi emits `middleware` for it.
 */
export async function koishiDriver(n: number): Promise<Driver> {
  const { Context, h } = require('koishi') as typeof import('koishi')
  const { MockBot } = require('@koishijs/plugin-mock') as typeof import('@koishijs/plugin-mock')
  const app = new Context()
  app.plugin(MockBot, { selfId: '514' })
  const hooks = noopFunctions(n, true, 'koishi')
  hooks.forEach((hook, i) => {
    app.plugin({
      name: `noop-${i}`,
      apply(ctx: KoishiContext) {
        ctx.middleware((session, next) => {
          hook(session)
          return next()
        })
      },
    })
  })
  await app.start()
  const bot = app.bots[0] as unknown as KoishiMockBot
  const done = new Map<number, () => void>()
  app.on('middleware', (session) => {
    const resolve = done.get(session.id)
    if (resolve) {
      done.delete(session.id)
      resolve()
    }
  })
  const elements = h.parse(CONTENT)
  let counter = 0
  return {
    kind: 'async',
    call: () =>
      new Promise<void>((resolve) => {
        const session = bot.session({
          type: 'message',
          platform: 'mock',
          selfId: bot.selfId,
          timestamp: Date.now(),
          user: { id: '1300000000000000001', name: 'alice' },
          channel: { id: '1100000000000000001', type: 0 },
          guild: { id: '1000000000000000001' },
          message: { id: `${++counter}`, content: CONTENT, elements },
        })
        done.set(session.id, resolve)
        bot.dispatch(session)
      }),
    stop: () => app.stop(),
  }
}

class MemoryHubotAdapter extends Adapter {
  override async send(): Promise<void> {}
  override async reply(): Promise<void> {}
  override async run(): Promise<void> {
    this.emit('connected')
  }
  override close(): void {}
}

/**
 * Hubot 14 with an in-memory adapter: `n` scripts, each adding one no-op `hear` listener that matches
 * every message. A message is `robot.receive(new TextMessage(...))`, which resolves once the
 * receive middleware and every listener ran.
 */
export async function hubotDriver(n: number): Promise<Driver> {
  process.env.HUBOT_LOG_LEVEL ??= 'info'
  const robot = new Robot({ use: (r: HubotRobot) => new MemoryHubotAdapter(r) }, false, 'hubot')
  await robot.loadAdapter()
  const hooks = noopFunctions(n, false, 'hubot')
  for (const hook of hooks) {
    const script = (r: HubotRobot) => r.hear(/hello/, hook)
    script(robot)
  }
  await robot.run()
  const user = new User('1300000000000000001', { name: 'alice', room: '1100000000000000001' })
  let counter = 0
  return {
    kind: 'async',
    call: () => robot.receive(new TextMessage(user, CONTENT, `${++counter}`)),
    stop: () => robot.shutdown(),
  }
}
