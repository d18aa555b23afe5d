import { mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

/** Where bundles go: inside the root node_modules, so that their bare imports resolve from there. */
const OUT_DIR = fileURLToPath(new URL('../../../node_modules/.cache/banter-bench/', import.meta.url))

/** Where workspace packages come from in a bundle: their TypeScript sources (bundled in), or their built `dist` (imported). */
export type WorkspaceFrom = 'source' | 'dist'

/**
 * Bundle workspace packages (`@banter/*`, from their TypeScript sources) or, for `dist`, leave them
 * external too; every other package stays external.
 */
function externals(from: WorkspaceFrom): Plugin {
  return {
    name: 'bench-externals',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) =>
        from === 'source' && args.path.startsWith('@banter/')
          ? undefined
          : { path: args.path, external: true },
      )
    },
  }
}

const built = new Map<string, Promise<URL>>()

/**
 * Compiles a TypeScript entry (with the workspace packages it imports, from `src/` through the
 * `@banter/source` condition) into one ES module that plain `node` runs, and resolves to its URL.
 * With `from: 'dist'` the workspace packages stay imports and resolve to their built `dist` (for
 * code that must run as it ships, such as the sandbox, whose guests load files of their own).
 *
 * Why not run children through tsx: tsx compiles with esbuild's `keepNames`, which wraps every named
 * function expression in a `__name()` call (an `Object.defineProperty` on each closure created). The
 * code that ships (tsc output) has none of that; in core's hot path it cost about a third of the time
 * of an async hook call. This build leaves names alone, like tsc.
 */
export function bundle(entry: URL, from: WorkspaceFrom = 'source'): Promise<URL> {
  const key = `${entry.href}:${from}`
  let done = built.get(key)
  if (!done) {
    mkdirSync(OUT_DIR, { recursive: true })
    // Named by folder and file: the suites' children are all `child.ts` (dispatch/, discord/, ...).
    const file = fileURLToPath(entry)
    const name = `${basename(dirname(file))}-${basename(file, '.ts')}${from === 'dist' ? '-dist' : ''}`
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
      conditions: from === 'source' ? ['@banter/source'] : [],
      keepNames: false,
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [externals(from)],
    }).then(() => new URL(`file://${join(outdir, `${name}.mjs`)}`))
    built.set(key, done)
  }
  return done
}
