import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

/** Where bundles go: inside the root node_modules, so that their bare imports resolve from there. */
const OUT_DIR = fileURLToPath(new URL('../../../node_modules/.cache/banter-bench/', import.meta.url))

/** Bundle workspace packages (`@banter/*`, from their TypeScript sources); leave every other package external. */
const externals: Plugin = {
  name: 'bench-externals',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@banter/') ? undefined : { path: args.path, external: true },
    )
  },
}

const built = new Map<string, Promise<URL>>()

/**
 * Compiles a TypeScript entry (with the workspace packages it imports, from `src/` through the
 * `@banter/source` condition) into one ES module that plain `node` runs, and resolves to its URL.
 *
 * Why not run children through tsx: tsx compiles with esbuild's `keepNames`, which wraps every named
 * function expression in a `__name()` call (an `Object.defineProperty` on each closure created). The
 * code that ships (tsc output) has none of that; in core's hot path it cost about a third of the time
 * of an async hook call. This build leaves names alone, like tsc.
 */
export function bundle(entry: URL): Promise<URL> {
  const key = entry.href
  let done = built.get(key)
  if (!done) {
    mkdirSync(OUT_DIR, { recursive: true })
    const name = basename(fileURLToPath(entry), '.ts')
    const outdir = join(OUT_DIR, name)
    done = build({
      entryPoints: { [name]: fileURLToPath(entry) },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Dynamic imports become chunks, so a child loads only the modules of the case it measures.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      conditions: ['@banter/source'],
      keepNames: false,
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [externals],
    }).then(() => new URL(`file://${join(outdir, `${name}.mjs`)}`))
    built.set(key, done)
  }
  return done
}
