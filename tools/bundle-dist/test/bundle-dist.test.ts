import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { bundleDist } from '../src/index.js'

// Packages are written under this folder (not the system temp folder) so that a bare import such as
// `esbuild` resolves through the repository's node_modules, as a workspace package's would.
const HERE = dirname(fileURLToPath(import.meta.url))
const made: string[] = []

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
}

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(HERE, '.tmp-pkg-'))
  made.push(root)
  write(root, files)
  return root
}

const PACKAGE = JSON.stringify({
  name: 'fixture',
  type: 'module',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './extra': './dist/extra/index.js',
  },
  bin: { fixture: './dist/cli.js' },
})

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('bundleDist', () => {
  it('builds one file per entry, keeps packages as imports and lazy imports as chunks', async () => {
    const root = fixture({
      'package.json': PACKAGE,
      'src/index.ts': [
        "import { version } from 'esbuild'",
        "import { twice } from './math/twice.js'",
        'export class Greeter { hello(n: number): string { return `hi ${twice(n)}` } }',
        "export const lazy = async (): Promise<string> => (await import('./lazy.js')).LAZY",
        'export const esbuildVersion: string = version',
      ].join('\n'),
      'src/math/twice.ts': 'export const twice = (n: number): number => n * 2\n',
      'src/lazy.ts': "export const LAZY = 'loaded on first use'\n",
      'src/extra/index.ts': "export { twice } from '../math/twice.js'\n",
      'src/cli.ts': "import { Greeter } from './index.js'\nexport const cli = new Greeter().hello(1)\n",
    })
    const result = await bundleDist(root)
    expect(result.entries).toEqual(['cli', 'extra/index', 'index'])

    // Everything loaded at import: the entries and the chunks they share (not the lazy chunk).
    const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })
    const lazyChunks = files.filter((f) => /^lazy-.*\.js$/.test(f))
    expect(lazyChunks).toHaveLength(1)
    const eager = files
      .filter((f) => f.endsWith('.js') && !lazyChunks.includes(f))
      .map((f) => readFileSync(join(root, 'dist', f), 'utf8'))
      .join('\n')
    // The dependency stays an import: one copy shared at run time, resolved from node_modules.
    expect(eager).toMatch(/from "esbuild"/)
    // Its own files are inside the bundle, and the lazily imported one is not.
    expect(eager).not.toContain('twice.js')
    expect(eager).not.toContain('loaded on first use')
    expect(eager).toMatch(/import\("\.\/lazy-[A-Z0-9]+\.js"\)/)

    const built = (await import(pathToFileURL(join(root, 'dist/index.js')).href)) as {
      Greeter: new () => { hello(n: number): string }
      lazy: () => Promise<string>
      esbuildVersion: string
    }
    expect(new built.Greeter().hello(2)).toBe('hi 4')
    expect(built.Greeter.name).toBe('Greeter')
    await expect(built.lazy()).resolves.toBe('loaded on first use')
    expect(built.esbuildVersion).toMatch(/^\d+\.\d+\.\d+/)
    const extra = (await import(pathToFileURL(join(root, 'dist/extra/index.js')).href)) as {
      twice(n: number): number
    }
    expect(extra.twice(5)).toBe(10)
  })

  it('writes source maps that carry the sources, so stack traces name the TypeScript line', async () => {
    const root = fixture({
      'package.json': PACKAGE,
      'src/index.ts': "export { fail } from './deep/fail.js'\n",
      'src/deep/fail.ts': [
        '// line 1',
        'export function fail(): never {',
        "  throw new Error('boom')",
        '}',
      ].join('\n'),
      'src/extra/index.ts': 'export {}\n',
      'src/cli.ts': 'export {}\n',
    })
    await bundleDist(root)
    const map = JSON.parse(readFileSync(join(root, 'dist/index.js.map'), 'utf8')) as {
      sources: string[]
      sourcesContent: string[]
    }
    expect(map.sources).toContain('../src/deep/fail.ts')
    expect(map.sourcesContent.join('\n')).toContain("throw new Error('boom')")
    const stack = (flags: string[]) =>
      spawnSync(
        process.execPath,
        [
          ...flags,
          '--input-type=module',
          '-e',
          `import(${JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href)}).then((m) => m.fail())`,
        ],
        { encoding: 'utf8' },
      ).stderr
    expect(stack(['--enable-source-maps'])).toMatch(/src\/deep\/fail\.ts:3:\d+/)
    // Without the flag, Node points into the bundle (and reads no map).
    expect(stack([])).toMatch(/dist\/index\.js:\d+:\d+/)
  })

  it('removes the JavaScript of an earlier build and keeps declarations and built web assets', async () => {
    const root = fixture({
      'package.json': PACKAGE,
      'src/index.ts': 'export const a = 1\n',
      'src/extra/index.ts': 'export const b = 2\n',
      'src/cli.ts': 'export const c = 3\n',
      'dist/index.d.ts': 'export declare const a: number\n',
      'dist/old-file.js': 'export const stale = true\n',
      'dist/chunk-OLD.js': 'export {}\n',
      'dist/web/index.html': '<!doctype html>',
      'dist/web/app.js': 'console.log(1)\n',
    })
    await bundleDist(root)
    expect(existsSync(join(root, 'dist/old-file.js'))).toBe(false)
    expect(existsSync(join(root, 'dist/chunk-OLD.js'))).toBe(false)
    expect(existsSync(join(root, 'dist/index.d.ts'))).toBe(true)
    expect(existsSync(join(root, 'dist/web/app.js'))).toBe(true)
    expect(existsSync(join(root, 'dist/index.js'))).toBe(true)
  })

  it('refuses a bundle that had to rename a class (its .name would differ from the sources)', async () => {
    const root = fixture({
      'package.json': PACKAGE,
      'src/index.ts': "export { Thing } from './a.js'\nexport { Thing as Other } from './b.js'\n",
      'src/a.ts': 'export class Thing {}\n',
      'src/b.ts': 'export class Thing {}\n',
      'src/extra/index.ts': 'export {}\n',
      'src/cli.ts': 'export {}\n',
    })
    await expect(bundleDist(root)).rejects.toThrow(/renamed Thing -> Thing2; .*give one of them another name/)
  })

  it('says which export has no source instead of shipping a missing entry', async () => {
    const root = fixture({
      'package.json': PACKAGE,
      'src/index.ts': 'export {}\n',
      'src/cli.ts': 'export {}\n',
    })
    await expect(bundleDist(root)).rejects.toThrow(
      /package\.json names \.\/dist\/extra\/index\.js, but .*src\/extra\/index\.ts does not exist/,
    )
  })

  it('refuses a package that names no built entry', async () => {
    const root = fixture({ 'package.json': JSON.stringify({ name: 'x', exports: './src/index.ts' }) })
    await expect(bundleDist(root)).rejects.toThrow(/names no \.\/dist\/\*\.js/)
  })
})
