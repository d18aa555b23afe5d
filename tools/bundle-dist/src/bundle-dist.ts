import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { entryPoints, type PackageEntries } from './entry-points.js'

/** What one package's build wrote. */
export interface BundleResult {
  /** The entry points, as output names under `dist/`. */
  readonly entries: readonly string[]
  /** Every file written, relative to the package folder. */
  readonly outputs: readonly string[]
}

/**
 * Removes the JavaScript an earlier build left in `dist/` (entries and chunks whose names changed),
 * keeping declarations and any folder of built web assets (one that holds an `index.html`).
 */
function removeOldJavaScript(dir: string): void {
  if (!existsSync(dir) || existsSync(join(dir, 'index.html'))) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) removeOldJavaScript(path)
    else if (/\.js(\.map)?$/.test(entry.name)) rmSync(path)
  }
}

const CLASS_NAME = /\bclass\s+([A-Za-z_$][\w$]*)|\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*class\b/g

/** The class names declared in `files`. */
function classNames(files: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(CLASS_NAME)) {
      const name = match[1] ?? match[2]
      if (name !== undefined) names.add(name)
    }
  }
  return names
}

/**
 * Classes the bundle gave a new name (esbuild adds a number when two files' top-level names clash),
 * as `Name -> Name2`.
 */
function renamedClasses(inputs: readonly string[], outputs: readonly string[]): string[] {
  const declared = classNames(inputs.filter((file) => /\.[cm]?[jt]s$/.test(file)))
  return [...classNames(outputs.filter((file) => file.endsWith('.js')))]
    .filter((name) => !declared.has(name))
    .map((name) => `${name.replace(/\d+$/, '')} -> ${name}`)
}

/**
 * Builds the JavaScript of the package in `folder`: each entry point its `package.json` names is
 * bundled from `src/` into `dist/`, with every package it imports left as an import (so one copy of
 * `@banter/core` and of each dependency is shared at run time) and every `import()` of its own files
 * kept as a chunk loaded on first use. Declarations stay `tsc`'s job.
 *
 * One file per entry instead of one per source file: Node 20 resolves, reads and links every ES
 * module separately, and at `banter start` that cost more than the code itself.
 */
export async function bundleDist(folder: string): Promise<BundleResult> {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackageEntries
  const entries = entryPoints(folder, pkg)
  const outdir = join(folder, 'dist')
  removeOldJavaScript(outdir)
  const result = await build({
    absWorkingDir: folder,
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    // No `__name()` wrappers: they cost a defineProperty per closure made on hot paths. Functions
    // keep the names they were declared with; classes are checked below.
    keepNames: false,
    // `x.js.map` beside each file, with the sources inside (`src/` is not published): stack traces
    // name the TypeScript file and line under `node --enable-source-maps`. Without the flag Node
    // never reads them, so start-up pays nothing.
    sourcemap: 'linked',
    sourcesContent: true,
    metafile: true,
    logLevel: 'silent',
    // A side-effect import of a file that only declares types (an event map's module augmentation)
    // is dropped under "sideEffects": false, which is what that declaration promises.
    logOverride: { 'ignored-bare-import': 'silent' },
  })
  if (result.warnings.length > 0) {
    const text = result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`)
    throw new Error(`bundle-dist: esbuild warned while building ${folder}:\n${text.join('\n')}`)
  }
  const renamed = renamedClasses(
    Object.keys(result.metafile.inputs).map((file) => join(folder, file)),
    Object.keys(result.metafile.outputs).map((file) => join(folder, file)),
  )
  if (renamed.length > 0) {
    throw new Error(
      `bundle-dist: in ${folder}, two files declare a class of the same name, and the bundle renamed ${renamed.join(', ')}; \`.name\` and logged error types would read differently from the sources: give one of them another name`,
    )
  }
  return {
    entries: Object.keys(entries),
    outputs: Object.keys(result.metafile.outputs).sort(),
  }
}
