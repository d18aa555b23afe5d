import { builtinModules, createRequire } from 'node:module'
import { basename, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { sandboxError } from '../errors.js'
import { FROM_SOURCE } from './resolve-source.js'

const EXT = FROM_SOURCE ? '.ts' : '.js'
const guestFile = (name: string) => fileURLToPath(new URL(`../guest/${name}${EXT}`, import.meta.url))
const BUILTINS = new Set(builtinModules)
const requireBuiltin = createRequire(import.meta.url)
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** A module standing in for built-in `name`: every export (and any property of the default) throws when used. */
function stubModule(name: string): string {
  let names: string[] = []
  try {
    names = Object.keys(requireBuiltin(`node:${name}`) as object).filter(
      (n) => IDENTIFIER.test(n) && n !== 'default',
    )
  } catch {}
  const message = JSON.stringify(
    `node:${name} is not available in an isolate (no Node APIs): run this plugin in "worker" mode`,
  )
  return [
    `const __banterNoNode = () => { throw new Error(${message}) }`,
    `export default new Proxy({}, { get: __banterNoNode, has: __banterNoNode, ownKeys: __banterNoNode })`,
    ...names.map((n) => `export const ${n} = __banterNoNode`),
  ].join('\n')
}

/**
 * Node's built-in modules inside an isolate: a module that throws a clear error the moment any of
 * it is used, so that a plugin that imports `node:fs` without using it still loads (bundlers keep
 * such imports), and one that uses it fails at that line.
 */
const noNode: Plugin = {
  name: 'banter-no-node',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path
      if (args.path.startsWith('node:') || BUILTINS.has(bare)) return { path: bare, namespace: 'no-node' }
      return undefined
    })
    builder.onLoad({ filter: /.*/, namespace: 'no-node' }, (args) => ({
      contents: stubModule(args.path),
      loader: 'js',
    }))
  },
}

/**
 * A plugin's `@banter/core` inside an isolate: core's Node-free entry, `@banter/core/guest` (the full
 * entry's bot, storage and logger load Node modules, which an isolate does not have). The guest
 * runtime imports the same entry, so the plugin and the runtime share one `BasePlugin` and one
 * `BanterError`. A plugin that imports more of core than a guest offers fails to bundle, naming it.
 */
const coreForGuests: Plugin = {
  name: 'banter-core-for-guests',
  setup(builder) {
    builder.onResolve({ filter: /^@banter\/core$/ }, (args) =>
      builder.resolve('@banter/core/guest', { kind: args.kind, resolveDir: args.resolveDir }),
    )
  },
}

function failed(what: string, cause: unknown): Error {
  const errors = (cause as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors
  const lines = errors?.length
    ? errors.slice(0, 5).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
    : [(cause as Error).message]
  const core = lines.some((line) => /No matching export in "[^"]*core\/(dist|src)\/guest\./.test(line))
    ? '\nIn an isolate, @banter/core offers only its Node-free part (@banter/core/guest: plugin classes, errors, messages, zod); a plugin that needs the rest runs in `worker` mode.'
    : ''
  return sandboxError('SANDBOX_LOAD_FAILED', `${what} could not be bundled:\n${lines.join('\n')}${core}`, {
    cause,
  })
}

let workerEntry: Promise<URL> | undefined

/**
 * The worker guest's main module as a `data:` URL: the guest runtime bundled into one ES module
 * (Node built-ins stay imports), made once per process.
 */
export function workerEntryUrl(): Promise<URL> {
  workerEntry ??= build({
    entryPoints: [guestFile('worker-entry')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    conditions: FROM_SOURCE ? ['@banter/source'] : [],
    logLevel: 'silent',
  }).then(
    (result) => {
      const code = (result.outputFiles[0] as { text: string }).text
      return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)
    },
    (cause: unknown) => {
      workerEntry = undefined
      throw failed('the worker guest runtime', cause)
    },
  )
  return workerEntry
}

const isolateBundles = new Map<string, Promise<string>>()

/**
 * One script for an isolate: the isolate globals, the plugin module with its dependencies (and the
 * parts of `@banter/core` it uses), and the guest runtime, as an IIFE. Cached per file until `fresh`.
 */
export function isolateBundle(file: string, fresh: boolean): Promise<string> {
  const cached = isolateBundles.get(file)
  if (cached && !fresh) return cached
  const entry = [
    `import ${JSON.stringify(guestFile('isolate-globals'))}`,
    `import * as plugin from ${JSON.stringify(file)}`,
    `import { startIsolateGuest } from ${JSON.stringify(guestFile('isolate-entry'))}`,
    `startIsolateGuest(plugin, ${JSON.stringify(basename(file))})`,
  ].join('\n')
  const bundled = build({
    stdin: {
      contents: entry,
      resolveDir: dirname(file),
      sourcefile: 'banter-isolate-entry.js',
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: [...(FROM_SOURCE ? ['@banter/source'] : []), 'worker', 'browser', 'import', 'default'],
    mainFields: ['browser', 'module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [coreForGuests, noNode],
    logLevel: 'silent',
  }).then(
    (result) => (result.outputFiles[0] as { text: string }).text,
    (cause: unknown) => {
      isolateBundles.delete(file)
      throw failed(file, cause)
    },
  )
  isolateBundles.set(file, bundled)
  return bundled
}
