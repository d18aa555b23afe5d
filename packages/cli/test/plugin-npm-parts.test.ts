import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogCapture } from '@banter/core/testing'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/load-config.js'
import { pluginKey, splitSpec } from '../src/npm/bot-project.js'
import { changelogBetween } from '../src/npm/changelog.js'
import {
  addPluginToConfig,
  configPluginKeys,
  removePluginFromConfig,
  setPluginIsolation,
} from '../src/npm/config-plugins.js'
import { checkForUpdates } from '../src/runtime/update-check.js'
import { tempDir } from './helpers.js'

const temp = tempDir()
afterAll(() => temp.cleanup())

const CONFIG = `# My bot
adapter: console

plugins:
  # Stamps replies.
  timestamp:
    format: HH:mm   # short
  # The end.
`

describe('the config editor keeps comments', () => {
  it('adds a plugin with its defaults after the others and removes it again', () => {
    const file = temp.path('banter.config.yaml')
    writeFileSync(file, CONFIG)
    expect(addPluginToConfig(file, '@acme/banter-plugin-hello', { greeting: 'Hi' })).toBe(true)
    const added = readFileSync(file, 'utf8')
    expect(added).toContain('# My bot\n')
    expect(added).toContain('  # Stamps replies.\n  timestamp:\n    format: HH:mm # short\n')
    expect(added).toContain('"@acme/banter-plugin-hello":\n    greeting: Hi\n')
    expect(configPluginKeys(file)).toEqual(['timestamp', '@acme/banter-plugin-hello'])
    expect(addPluginToConfig(file, 'timestamp')).toBe(false)
    expect(removePluginFromConfig(file, '@acme/banter-plugin-hello')).toBe(true)
    expect(readFileSync(file, 'utf8')).toContain('  # Stamps replies.\n  timestamp:\n')
    expect(configPluginKeys(file)).toEqual(['timestamp'])
    expect(removePluginFromConfig(file, 'nope')).toBe(false)
  })

  it('turns `plugins: {}` into a block and makes a missing plugins section', () => {
    const empty = temp.path('empty.yaml')
    writeFileSync(empty, '# keep me\nplugins:\n  {}\n')
    addPluginToConfig(empty, 'weather')
    expect(readFileSync(empty, 'utf8')).toBe('# keep me\nplugins:\n  weather: {}\n')
    const none = temp.path('none.yaml')
    writeFileSync(none, 'adapter: console # the terminal\n')
    addPluginToConfig(none, 'weather')
    expect(readFileSync(none, 'utf8')).toBe('adapter: console # the terminal\nplugins:\n  weather: {}\n')
  })
})

describe('install --isolation', () => {
  it('writes a sandbox entry the config schema accepts, keeps comments, and inline takes it out', async () => {
    const file = temp.path('isolation.yaml')
    writeFileSync(file, CONFIG)
    expect(setPluginIsolation(file, 'hello', 'isolate')).toBe(true)
    expect(setPluginIsolation(file, 'hello', 'isolate')).toBe(false)
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('  # Stamps replies.\n')
    expect(text).toContain('sandbox:\n  hello:\n    isolation: isolate\n')
    const loaded = await loadConfig(file, {})
    expect(loaded.config.sandbox).toEqual({ hello: { isolation: 'isolate' } })
    expect(setPluginIsolation(file, 'hello', 'inline')).toBe(true)
    expect(readFileSync(file, 'utf8')).not.toContain('hello:')
  })
})

describe('package names and changelogs', () => {
  it('gives official and banter-plugin-* packages their short config key', () => {
    expect(pluginKey('@banter/plugin-timestamp')).toBe('timestamp')
    expect(pluginKey('banter-plugin-weather')).toBe('weather')
    expect(pluginKey('@acme/banter-plugin-hello')).toBe('@acme/banter-plugin-hello')
    expect(splitSpec('@acme/hello@^1.2.0')).toEqual({ name: '@acme/hello', range: '^1.2.0' })
    expect(splitSpec('hello')).toEqual({ name: 'hello', range: undefined })
  })

  it('cuts the changelog entries after one version up to another', () => {
    const text =
      '# pkg\n\n## 1.3.0\n\n- three\n\n## 1.2.0\n\n### Minor Changes\n\n- two\n\n## 1.1.0\n\n- one\n'
    expect(changelogBetween(text, '1.1.0', '1.3.0')).toBe(
      '## 1.3.0\n\n- three\n\n## 1.2.0\n\n### Minor Changes\n\n- two',
    )
    expect(changelogBetween(text, '1.3.0', '1.4.0')).toBe('')
  })
})

describe('update checks of a running bot', () => {
  it('asks once per interval and logs each compatible update once', async () => {
    const dir = join(temp.dir, 'bot')
    const install = (name: string, version: string) => {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true })
      writeFileSync(
        join(dir, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, version, keywords: ['banter-plugin'] }),
      )
    }
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        dependencies: { 'banter-plugin-a': '^1.0.0', 'banter-plugin-b': '^2.0.0', pino: '^10' },
      }),
    )
    install('banter-plugin-a', '1.0.0')
    install('banter-plugin-b', '2.0.0')
    const asked: string[] = []
    const lookup = async (name: string, current: string) => {
      asked.push(name)
      return name === 'banter-plugin-a'
        ? { name, current, compatible: '1.1.0', latest: '2.0.0' }
        : { name, current, compatible: undefined, latest: '3.0.0' }
    }
    const capture = createLogCapture()
    const logger = pino({}, capture)
    const project = { dir, config: join(dir, 'banter.config.yaml') }
    const day = 24 * 3600 * 1000
    const first = await checkForUpdates(project, logger, { now: 10 * day, lookup })
    expect(first.map((u) => u.name)).toEqual(['banter-plugin-a'])
    expect(asked).toEqual(['banter-plugin-a', 'banter-plugin-b'])
    expect(capture.records.map((r) => r.msg)).toEqual([
      'plugin updates: banter-plugin-a 1.0.0 -> 1.1.0 (`banter plugin update` installs them)',
    ])
    // Within the day: the registry is not asked again.
    expect(await checkForUpdates(project, logger, { now: 10.5 * day, lookup })).toEqual([])
    expect(asked).toHaveLength(2)
    // The next day it asks again, but the same update is not logged twice.
    expect(await checkForUpdates(project, logger, { now: 11.1 * day, lookup })).toEqual([])
    expect(asked).toHaveLength(4)
    expect(capture.records).toHaveLength(1)
  })
})
