import { isBanterError, type PluginContext, z } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let open: TestBot | undefined
afterEach(async () => {
  await open?.stop()
  open = undefined
})

const Contributor = makePlugin({
  name: 'contrib',
  permissions: ['messages:send', 'http'],
  init: (ctx) => {
    ctx.http.route({ method: 'GET', path: '/rows', handler: () => ({ body: { rows: [{ a: 1 }] } }) })
    ctx.ui.page({
      id: 'stats',
      title: 'Contrib stats',
      icon: '📈',
      body: [
        { type: 'stat', label: 'Answers', value: 42 },
        { type: 'table', columns: [{ key: 'a', label: 'A' }], route: '/rows' },
        { type: 'form', schema: z.object({ limit: z.number().int().min(1).default(5) }), route: '/limit' },
        { type: 'action', label: 'Purge', route: '/purge', confirm: 'Purge everything?' },
      ],
    })
    ctx.ui.widget({ id: 'count', title: 'Count', body: [{ type: 'markdown', text: '**3** answers' }] })
    ctx.ui.menuItem({ label: 'Own front end', href: '/app/' })
  },
})

let managing: PluginContext | undefined
const Manager = makePlugin({
  name: 'manager',
  permissions: ['manage'],
  init: (ctx) => {
    managing = ctx
  },
})
let unmanaged: PluginContext | undefined
const Unmanaged = makePlugin({
  name: 'unmanaged',
  permissions: [],
  init: (ctx) => {
    unmanaged = ctx
  },
})

describe('ctx.ui', () => {
  it('registers pages, widgets and menu items read through bot.ui, and removes them when the plugin stops', async () => {
    open = await createTestBot({ plugins: [Contributor] })
    const ui = open.bot.ui
    const [page] = ui.pages('contrib')
    expect(page).toMatchObject({ plugin: 'contrib', id: 'stats', title: 'Contrib stats', menu: true })
    const form = page?.body.find((c) => c.type === 'form') as unknown as { schema: { properties: object } }
    expect(form.schema.properties).toHaveProperty('limit')
    expect(JSON.parse(JSON.stringify(page))).toEqual(page)
    expect(ui.widgets().map((w) => `${w.plugin}/${w.id}`)).toEqual(['contrib/count'])
    expect(ui.menu()).toEqual([
      { plugin: 'contrib', label: 'Contrib stats', page: 'stats' },
      { plugin: 'contrib', label: 'Own front end', href: '/plugins/contrib/app/' },
    ])

    await open.bot.plugins.disable('contrib')
    expect([ui.pages(), ui.widgets(), ui.menu()]).toEqual([[], [], []])
    await open.bot.plugins.enable('contrib')
    expect(ui.pages().map((p) => p.id)).toEqual(['stats'])
  })

  it('refuses unknown components, foreign routes and duplicate ids with UI_INVALID', async () => {
    const errors: unknown[] = []
    const Bad = makePlugin({
      name: 'bad',
      init: (ctx) => {
        const attempt = (run: () => void) => {
          try {
            run()
          } catch (error) {
            errors.push(isBanterError(error) ? error.code : error)
          }
        }
        attempt(() => ctx.ui.page({ id: 'p', title: 'P', body: [{ type: 'script', src: 'x.js' } as never] }))
        attempt(() =>
          ctx.ui.widget({
            id: 'w',
            title: 'W',
            body: [{ type: 'table', columns: [{ key: 'a', label: 'A' }], route: 'https://evil.example/x' }],
          }),
        )
        attempt(() => ctx.ui.menuItem({ label: 'x', href: 'javascript:alert(1)' }))
        ctx.ui.widget({ id: 'same', title: 'S', body: [{ type: 'markdown', text: 'x' }] })
        attempt(() => ctx.ui.widget({ id: 'same', title: 'S', body: [{ type: 'markdown', text: 'x' }] }))
      },
    })
    open = await createTestBot({ plugins: [Bad] })
    expect(errors).toEqual(['UI_INVALID', 'UI_INVALID', 'UI_INVALID', 'UI_INVALID'])
    expect(open.bot.ui.widgets().map((w) => w.id)).toEqual(['same'])
  })
})

describe('ctx.admin (manage)', () => {
  it('acts through bot.admin with an audit actor naming the person and the plugin', async () => {
    open = await createTestBot({ plugins: [Manager, Contributor] })
    const admin = managing?.admin
    if (!admin) throw new Error('manager did not start')
    expect(admin.list().map((p) => p.name)).toContain('contrib')
    const who = { id: 'ops', name: 'Ops', from: '127.0.0.1' }
    await admin.disable('contrib', who)
    expect(open.bot.plugins.get('contrib')?.status).toBe('disabled')
    expect(admin.ui.pages()).toEqual([])
    await admin.enable('contrib', who)
    const [latest] = await admin.auditLog(1)
    expect(latest).toMatchObject({
      action: 'enable',
      target: 'contrib',
      outcome: 'ok',
      actor: { kind: 'user', id: 'manager:ops', name: 'Ops via manager', from: '127.0.0.1' },
    })
    expect(admin.bot()).toMatchObject({ status: 'running', platform: open.bot.info.platform })
  })

  it('is refused without the manage permission', async () => {
    open = await createTestBot({ plugins: [Unmanaged, Contributor] })
    const admin = unmanaged?.admin
    if (!admin) throw new Error('unmanaged did not start')
    expect(() => admin.list()).toThrow(/manage/)
    await expect(admin.disable('contrib', { id: 'x' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    expect(open.bot.plugins.get('contrib')?.status).toBe('active')
  })
})

describe('root mounts', () => {
  it("need manage, and may not take the server's own paths", async () => {
    const outcomes: string[] = []
    const noop = () => undefined
    const attempt = (ctx: PluginContext, path: string) => {
      try {
        ctx.http.mount(path, noop, { root: true })
        outcomes.push(`${ctx.name} ${path}: ok`)
      } catch (error) {
        outcomes.push(`${ctx.name} ${path}: ${isBanterError(error) ? error.code : String(error)}`)
      }
    }
    const Plain = makePlugin({ name: 'plain', permissions: ['http'], init: (ctx) => attempt(ctx, '/panel') })
    const Managing = makePlugin({
      name: 'managing',
      permissions: ['http', 'manage'],
      init: (ctx) => {
        for (const path of ['/api', '/plugins', '/panel']) attempt(ctx, path)
      },
    })
    open = await createTestBot({ plugins: [Plain, Managing] })
    expect(outcomes).toEqual([
      'plain /panel: PERMISSION_DENIED',
      'managing /api: ROUTE_INVALID',
      'managing /plugins: ROUTE_INVALID',
      'managing /panel: ok',
    ])
    expect(open.bot.http.list().filter((r) => r.kind === 'mount' && r.root)).toHaveLength(1)
  })

  it("table row actions are validated like every route: the plugin's own paths only", async () => {
    const codes: unknown[] = []
    const Rows = makePlugin({
      name: 'rows',
      init: (ctx) => {
        const table = (route: string) => ({
          type: 'table' as const,
          columns: [{ key: 'id', label: 'Id' }],
          route: '/items',
          rowActions: [{ label: 'Delete', route, method: 'DELETE' as const, confirm: 'Delete it?' }],
        })
        ctx.ui.page({ id: 'ok', title: 'Ok', body: [table('/items/:id')] })
        try {
          ctx.ui.page({ id: 'bad', title: 'Bad', body: [table('//evil.example/x')] })
        } catch (error) {
          codes.push(isBanterError(error) ? error.code : error)
        }
        try {
          ctx.ui.page({ id: 'up', title: 'Up', body: [table('/items/../../admin')] })
        } catch (error) {
          codes.push(isBanterError(error) ? error.code : error)
        }
      },
    })
    open = await createTestBot({ plugins: [Rows] })
    expect(codes).toEqual(['UI_INVALID', 'UI_INVALID'])
    expect(open.bot.ui.pages().map((p) => p.id)).toEqual(['ok'])
  })
})
