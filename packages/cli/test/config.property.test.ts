import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isBanterError } from '@banter/core'
import { propertyRuns, propertySeed } from '@banter/test-servers'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ConfigError } from '../src/config/config-problem.js'
import { interpolate, isWholeExpression } from '../src/config/interpolate.js'
import { loadConfig } from '../src/config/load-config.js'

// Property-based tests of configuration loading and `${VAR}` interpolation (issue 16) under CI=true:
// 10,000 runs of each interpolation property, and 10,000 loads of a config file in all (round trips,
// any document, alias bombs), since each load reads a file.
const runs = { numRuns: propertyRuns(), ...propertySeed() }
const loads = (share: number) => ({ numRuns: propertyRuns(share, 100), ...propertySeed() })

const dir = mkdtempSync(join(tmpdir(), 'banter-config-prop-'))
const file = join(dir, 'banter.config.yaml')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Loads `text` as a config file; resolves to the config or the ConfigError, rejects on anything else. */
async function load(text: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(file, text)
  try {
    return await loadConfig(file, env)
  } catch (error) {
    if (error instanceof ConfigError && isBanterError(error) && error.code === 'CONFIG_INVALID') return error
    throw error
  }
}

/** Variable names, the ones every object has through its prototype among them. */
const varName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'HOME',
    'TOKEN',
    'PORT',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
)
/** A value a variable may hold: any text, `${...}` and `}` included. */
const varValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('${HOME}', '}', '$', '${', '0x10', 'true'),
)
/** Text around expressions: anything but the start of one. */
const literal = fc.string({ maxLength: 12 }).filter((s) => !s.includes('${') && !s.endsWith('$'))

/** A piece of a configuration value: text, `${NAME}` or `${NAME:-default}`. */
type Piece = { kind: 'text'; text: string } | { kind: 'var'; name: string; fallback: string | undefined }
const piece: fc.Arbitrary<Piece> = fc.oneof(
  literal.map((text) => ({ kind: 'text' as const, text })),
  fc
    .tuple(
      varName,
      fc.option(
        fc.string({ maxLength: 10 }).filter((s) => !s.includes('}')),
        { nil: undefined },
      ),
    )
    .map(([name, fallback]) => ({ kind: 'var' as const, name, fallback })),
)
const written = (p: Piece) =>
  p.kind === 'text' ? p.text : p.fallback === undefined ? `\${${p.name}}` : `\${${p.name}:-${p.fallback}}`
const env = fc.dictionary(varName, varValue, { maxKeys: 6, noNullPrototype: true })

describe('config interpolation properties (issue 16)', () => {
  it('interpolate: each expression becomes its variable, its default or nothing (reported missing), once', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), env, (pieces, vars) => {
        const text = pieces.map(written).join('')
        let expected = ''
        const missing: string[] = []
        for (const p of pieces) {
          if (p.kind === 'text') expected += p.text
          else {
            const set = Object.hasOwn(vars, p.name) ? vars[p.name] : undefined
            if (set !== undefined && set !== '') expected += set
            else if (p.fallback !== undefined) expected += p.fallback
            else missing.push(p.name)
          }
        }
        const result = interpolate(text, vars)
        // One pass: a value holding `${HOME}` is not expanded again.
        expect(result.value).toBe(expected)
        expect(result.missing.map((m) => m.name)).toEqual(missing)
      }),
      runs,
    )
  })

  it('interpolate: text without `${` is left alone', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('${')),
        env,
        (text, vars) => {
          expect(interpolate(text, vars)).toEqual({ value: text, missing: [] })
        },
      ),
      runs,
    )
  })

  it('isWholeExpression: true exactly for one expression and surrounding spaces', () => {
    fc.assert(
      fc.property(piece, fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 }), (p, pad) => {
        expect(isWholeExpression(`${pad}${written(p)}${pad}`)).toBe(p.kind === 'var')
      }),
      runs,
    )
  })
})

const accessName = fc.constantFrom('admin', 'moderator', 'helpers')
const validConfig = fc.record(
  {
    adapter: fc.constant('console' as const),
    prefix: fc
      .string({ minLength: 1, maxLength: 5 })
      .filter((s) => s.trim() === s && s !== '' && !/[\n\r]/.test(s)),
    storage: fc.constantFrom('memory', 'sqlite:./banter.sqlite', 'redis://127.0.0.1:6379'),
    http: fc.record(
      {
        enabled: fc.boolean(),
        host: fc.constantFrom('127.0.0.1', '0.0.0.0'),
        port: fc.integer({ min: 0, max: 65535 }),
      },
      { requiredKeys: [] },
    ),
    pluginDirs: fc.array(fc.constantFrom('./plugins', 'lib/plugins'), { maxLength: 2 }),
    access: fc.dictionary(
      accessName,
      fc.record({ users: fc.array(fc.bigInt({ min: 0n, max: 10n ** 18n }).map(String), { maxLength: 3 }) }),
    ),
    required: fc.array(fc.constantFrom('timestamp', 'antivirus'), { maxLength: 2 }),
    log: fc.record({ level: fc.constantFrom('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent') }),
  },
  { requiredKeys: ['adapter'] },
)

/** Any data a YAML file may hold, with keys of the schema and prototype keys mixed in. */
const key = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'adapter',
    'prefix',
    'plugins',
    'discord',
    'http',
    'access',
    'log',
    'storage',
    'sandbox',
  ),
  fc.string({ maxLength: 8 }),
)
const anyData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '${PORT}',
      '${__proto__}',
      '${X:-1}',
      '${TOKEN}',
      'memory',
      'discord',
      true,
      null,
      0,
      -1,
      1e21,
    ),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value

describe('config loading properties (issue 16)', () => {
  it('a valid configuration written as YAML loads back as itself (round trip)', async () => {
    await fc.assert(
      fc.asyncProperty(validConfig, async (config) => {
        const loaded = await load(stringify(config))
        expect(loaded).not.toBeInstanceOf(ConfigError)
        expect((loaded as Exclude<typeof loaded, ConfigError>).config).toMatchObject(config)
      }),
      loads(4_000),
    )
  })

  it('any YAML document (random data, prototype keys, `${...}`, or plain garbage) loads or fails with CONFIG_INVALID', async () => {
    const text = fc.oneof(
      anyData.map((data) => stringify(data)),
      fc.string({ maxLength: 80 }),
      fc.string({
        unit: fc.constantFrom('a', ':', ' ', '\n', '-', '&', '*', '!', '{', '[', '"', '$', '}'),
        maxLength: 40,
      }),
    )
    await fc.assert(
      fc.asyncProperty(text, env, async (yaml, vars) => {
        const loaded = await load(yaml, vars)
        if (loaded instanceof ConfigError) {
          expect(loaded.problems.length).toBeGreaterThan(0)
          // Never a secret in an error: a variable's value under a secret-looking key is not echoed.
          for (const p of loaded.problems) expect(p.message.length).toBeLessThan(2_000)
        }
      }),
      loads(4_000),
    )
  })

  it('aliases of aliases: small ones expand, bombs are a CONFIG_INVALID at their line, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        async (depth, fanout) => {
          const lines = ['adapter: console', 'required:', '  - &a0 timestamp', 'x:']
          for (let level = 1; level <= depth; level++) {
            lines.push(
              `  - &a${level} [${Array.from({ length: fanout }, () => `*a${level - 1}`).join(', ')}]`,
            )
          }
          const loaded = await load(`${lines.join('\n')}\n`)
          // `x` is no config key: a document that expands is refused for that, a bomb for its size.
          expect(loaded).toBeInstanceOf(ConfigError)
          const messages = (loaded as ConfigError).problems.map((p) => p.message).join('\n')
          const expansions = Array.from({ length: depth }, (_, i) => fanout ** (i + 1)).reduce(
            (a, b) => a + b,
            0,
          )
          if (expansions > 1_000) expect(messages).toMatch(/alias/)
          if (expansions <= 20) expect(messages).toContain('unknown key "x"')
        },
      ),
      loads(2_000),
    )
  })
})

describe('config: shrunk counter-examples kept as regression cases', () => {
  it('`${__proto__}` and `${constructor}` are unset variables, not the prototype', async () => {
    expect(interpolate('${__proto__}', {})).toEqual({ value: '', missing: [{ name: '__proto__' }] })
    expect(interpolate('${constructor:-x}', {})).toEqual({ value: 'x', missing: [] })
    const loaded = await load('prefix: ${constructor}\n', {})
    expect(loaded).toBeInstanceOf(ConfigError)
    expect((loaded as ConfigError).problems.map((p) => p.message)).toContain(
      'environment variable constructor is not set',
    )
  })
})
