/// <reference lib="dom" />
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's chromium: the browser tests drive it (never a browser `playwright install` fetched). */
export const CHROMIUM = '/usr/bin/chromium'

/** Whether the browser tests can run here; under CI=true a missing chromium fails instead. */
export function haveChromium(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM} is missing: CI installs it (.ci/run, apt-get install chromium)`)
  process.stderr.write(
    `\n!!! SKIPPING the dashboard browser tests: ${CHROMIUM} is missing (apt-get install -y chromium) !!!\n\n`,
  )
  return false
}

/**
 * Launches chromium headless with a fresh profile (its --user-data-dir, given the way playwright
 * wants it); `close()` removes the profile.
 */
export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'banter-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One accessibility violation axe-core found. */
export interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly string[] }[]
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays as it
 * is) and returns the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe
    return (await axe.run()).violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
}

const IMAGES = new URL('../../../docs/images/', import.meta.url)

/**
 * Takes a screenshot; written to docs/images/<name>.png when BANTER_SCREENSHOTS=1 (the docs use
 * them), else only checked to be an image.
 */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  const png = await page.screenshot({ fullPage: true })
  if (process.env.BANTER_SCREENSHOTS === '1') {
    mkdirSync(IMAGES, { recursive: true })
    writeFileSync(new URL(`dashboard-${name}.png`, IMAGES), png)
  }
  return png
}
