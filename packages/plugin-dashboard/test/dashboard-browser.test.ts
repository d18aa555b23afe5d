/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haveChromium, launch, screenshot, seriousViolations } from './browser.js'
import { type RunningBot, startBot } from './helpers.js'

const TOKEN = 'browser-test-token-456'
const run = haveChromium()

describe.skipIf(!run)('dashboard in chromium', { timeout: 90_000 }, () => {
  let bot: RunningBot
  let closeBrowser: () => Promise<void>
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    bot = await startBot(TOKEN)
    const { context, close } = await launch()
    closeBrowser = close
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (message) => {
      // Refused requests (the wrong token, the CSRF check, the invalid value) are expected answers.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
  }, 90_000)

  afterAll(async () => {
    await closeBrowser?.()
    await bot?.stop()
  })

  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([])
  const openPlugins = async () => {
    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    await page.getByRole('heading', { name: 'Plugins', level: 1 }).waitFor()
  }

  it('logs in with the admin token (the login page is accessible too)', async () => {
    await page.goto(`${bot.dashboard}/`)
    await page.getByLabel('Admin token').waitFor()
    await expectAccessible()
    await screenshot(page, 'login')
    await page.getByLabel('Admin token').fill('wrong')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong admin token')
    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.locator('[data-widget="contrib/held"]').waitFor()
    await expectAccessible()
    await screenshot(page, 'overview')
  })

  it('a change without the CSRF token, or without a session, is refused from the page too', async () => {
    const statuses = await page.evaluate(async () => {
      const noCsrf = await fetch('api/plugins/timestamp/disable', { method: 'POST' })
      const noSession = await fetch('api/plugins', { credentials: 'omit' })
      return [noCsrf.status, noSession.status]
    })
    expect(statuses).toEqual([403, 401])
    expect(bot.app.bot.plugins.get('timestamp')?.status).toBe('active')
  })

  it('disables timestamp: the next !ping is unstamped and !help is otherwise unchanged; enables it again', async () => {
    const stamp = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] /
    const helpBefore = await bot.say('!help')
    expect(helpBefore).toMatch(stamp)
    await openPlugins()
    await expectAccessible()
    await screenshot(page, 'plugins')
    const card = page.locator('[data-plugin="timestamp"]')
    await card.getByRole('button', { name: 'Disable timestamp' }).click()
    await expect.poll(() => card.textContent()).toContain('Nothing else depends on it.')
    await card.getByRole('button', { name: 'Yes, disable timestamp' }).click()
    await card.locator('.badge-disabled').waitFor()
    expect(await bot.say('!ping')).toBe('pong')
    expect(await bot.say('!help')).toBe(helpBefore.replace(stamp, ''))
    await card.getByRole('button', { name: 'Enable timestamp' }).click()
    await card.locator('.badge-active').waitFor()
    expect(await bot.say('!ping')).toMatch(stamp)
  })

  it('edits the format in the settings form: the next reply is stamped the new way and the YAML is updated', async () => {
    await page.locator('[data-plugin="timestamp"]').getByRole('link', { name: 'timestamp' }).click()
    const format = page.getByLabel('format', { exact: true })
    await format.waitFor()
    await expectAccessible()
    await format.fill("'at' HH:mm")
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved: applied live.')
    expect(await bot.say('!ping')).toMatch(/^\[at \d\d:\d\d\] pong$/)
    expect(readFileSync(bot.file, 'utf8')).toContain(`format: "'at' HH:mm" # the stamp`)
  })

  it('an invalid value shows the server message next to the field and changes nothing', async () => {
    const yaml = readFileSync(bot.file, 'utf8')
    const format = page.getByLabel('format', { exact: true })
    await format.fill('YYYY')
    await page.getByRole('button', { name: 'Save settings' }).click()
    const fieldError = page.locator('#settings-format-error')
    await fieldError.waitFor()
    expect(await fieldError.textContent()).toContain('"YYYY" is not a valid date-fns format')
    expect(await format.getAttribute('aria-invalid')).toBe('true')
    expect(await format.getAttribute('aria-describedby')).toContain('settings-format-error')
    await expectAccessible()
    await screenshot(page, 'settings-invalid')
    expect(await bot.say('!ping')).toMatch(/^\[at \d\d:\d\d\] pong$/)
    expect(readFileSync(bot.file, 'utf8')).toBe(yaml)
  })

  it('the scope editor switches timestamp off in one channel, then removes the rule', async () => {
    await page.getByLabel('Scope', { exact: true }).selectOption('channel')
    await page.getByLabel('Id', { exact: true }).fill('console')
    await page.getByLabel('On/off there').selectOption('off')
    await page.getByRole('button', { name: 'Save rule' }).click()
    await page.getByRole('button', { name: 'Remove the rule for channel console' }).waitFor()
    expect(await bot.say('!ping')).toBe('pong')
    await expectAccessible()
    await screenshot(page, 'scopes')
    await page.getByRole('button', { name: 'Remove the rule for channel console' }).click()
    await page
      .getByRole('button', { name: 'Remove the rule for channel console' })
      .waitFor({ state: 'detached' })
    expect(await bot.say('!ping')).toMatch(/^\[at \d\d:\d\d\] pong$/)
  })

  it('renders a contributed page; the audit log and analytics are accessible', async () => {
    await page.getByRole('link', { name: 'Analytics' }).click()
    await page.getByRole('heading', { name: 'Most used commands' }).waitFor()
    await expectAccessible()
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    await expect.poll(() => page.locator('main table').textContent()).toContain('admin (token) via dashboard')
    await expectAccessible()
    await page.getByRole('link', { name: 'Contrib quarantine' }).click()
    await page.getByRole('heading', { name: 'Contrib quarantine' }).waitFor()
    await expect
      .poll(() => page.locator('main table').first().textContent())
      .toContain('Eicar-Test-Signature')
    await page.getByRole('img', { name: /Threats per minute: 3 points/ }).waitFor()
    await expectAccessible()
    await screenshot(page, 'contributed-page')
    await page.getByRole('link', { name: 'Antivirus' }).click()
    await page.getByRole('heading', { name: 'Antivirus', level: 1 }).waitFor()
    await page.getByLabel('Domain').fill('com')
    await page.getByLabel('Server (guild) id').fill('g1')
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect
      .poll(() => page.locator('.field-error').first().textContent())
      .toContain('is not a domain name')
    await page.getByLabel('Domain').fill('example.org')
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('example.org is allowed')
    await expect.poll(() => page.locator('main table').nth(1).textContent()).toContain('example.org')
    await expectAccessible()
    await screenshot(page, 'antivirus-page')
    expect(await bot.say('!run hello')).toContain('Hello from a workflow')
    await page.getByRole('link', { name: 'Workflows' }).click()
    await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor()
    await expect.poll(() => page.locator('main table').first().textContent()).toContain('greet')
    await expectAccessible()
    await screenshot(page, 'workflows-page')
    await page.getByRole('link', { name: 'Contrib quarantine' }).click()
    await page.getByRole('heading', { name: 'Contrib quarantine' }).waitFor()
    await page.getByRole('button', { name: 'Purge all' }).click()
    await page.getByRole('button', { name: 'Confirm' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('purged (1)')
  })

  it('the contributed page and widget vanish, without a reload, when their plugin is disabled', async () => {
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.locator('[data-widget="contrib/held"]').waitFor()
    await bot.app.bot.admin.disable('contrib', { kind: 'cli', id: 'test' })
    await page.locator('[data-widget="contrib/held"]').waitFor({ state: 'detached' })
    await page.getByRole('link', { name: 'Contrib quarantine' }).waitFor({ state: 'detached' })
    await bot.app.bot.admin.enable('contrib', { kind: 'cli', id: 'test' })
    await page.locator('[data-widget="contrib/held"]').waitFor()
  })

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.locator('[data-widget="contrib/held"]').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await expectAccessible()
    await screenshot(page, 'overview-phone')
    await openPlugins()
    await screenshot(page, 'plugins-phone')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByLabel('Admin token').waitFor()
    expect(problems).toEqual([])
  })
})
