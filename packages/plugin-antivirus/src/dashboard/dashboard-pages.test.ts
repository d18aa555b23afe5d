import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { AntivirusPlugin } from '../antivirus-plugin.js'
import { QuarantineStore } from '../storage/quarantine-store.js'

let open: TestBot | undefined
afterEach(async () => {
  await open?.stop()
  open = undefined
})

describe('the antivirus dashboard page', () => {
  it('contributes a page and a widget whose routes list, delete and allow; none without http', async () => {
    open = await createTestBot({ plugins: [[AntivirusPlugin, { engines: ['builtin'] }]] })
    const { bot } = open
    expect(bot.ui.pages('antivirus').map((p) => p.id)).toEqual(['antivirus'])
    expect(bot.ui.widgets('antivirus').map((w) => w.id)).toEqual(['antivirus'])
    const route = (method: string, path: string) => {
      const found = bot.http
        .list()
        .find(
          (r) =>
            r.kind === 'route' &&
            r.plugin === 'antivirus' &&
            r.route.method === method &&
            r.route.path === path,
        )
      if (found?.kind !== 'route') throw new Error(`no ${method} ${path}`)
      return found.route
    }
    const store = new QuarantineStore(bot.storage.namespace('antivirus'), 60_000)
    await store.add('g1', {
      id: 'r1',
      kind: 'file',
      guildId: 'g1',
      messageId: 'm1',
      channelId: 'c1',
      authorId: 'u1',
      authorName: 'Mallory',
      fileName: 'eicar.com',
      threats: ['Eicar-Test-Signature'],
      time: 1000,
    })
    const request = { headers: {}, query: {}, body: undefined }
    const listed = await route('GET', '/dashboard/quarantine').handler({
      ...request,
      method: 'GET',
      path: '/dashboard/quarantine',
      params: {},
    })
    expect(listed.body).toMatchObject({
      rows: [{ id: 'r1', scope: 'g1', what: 'eicar.com', author: 'Mallory' }],
    })
    const deleted = await route('DELETE', '/dashboard/quarantine/:scope/:id').handler({
      ...request,
      method: 'DELETE',
      path: '/dashboard/quarantine/g1/r1',
      params: { scope: 'g1', id: 'r1' },
    })
    expect(deleted.status).toBe(200)
    expect(await store.listAll(10)).toEqual([])
    const allow = (body: unknown) =>
      route('POST', '/dashboard/allowlists').handler({
        ...request,
        method: 'POST',
        path: '/dashboard/allowlists',
        params: {},
        body,
      })
    expect((await allow({ guildId: 'g1', domain: 'com' })).status).toBe(400)
    expect((await allow({ guildId: 'g1', domain: 'example.org' })).body).toMatchObject({
      message: expect.stringContaining('example.org is allowed'),
    })
    const lists = await route('GET', '/dashboard/allowlists').handler({
      ...request,
      method: 'GET',
      path: '/dashboard/allowlists',
      params: {},
    })
    expect(lists.body).toMatchObject({ rows: [{ domain: 'example.org' }] })
  })

  it('contributes nothing when the operator denies http', async () => {
    open = await createTestBot({
      plugins: [[AntivirusPlugin, { engines: ['builtin'] }]],
      config: { permissions: { antivirus: { deny: ['http'] } } },
    })
    expect(open.bot.ui.pages()).toEqual([])
    expect(open.bot.http.list().filter((r) => r.plugin === 'antivirus')).toEqual([])
  })
})
