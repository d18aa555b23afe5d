import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '../src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

/** Every relative import of each core source file (type-only imports included). */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)].map((m) =>
      resolve(dirname(file), `${m[1] as string}.ts`),
    )
    edges.set(file, targets)
  }
  return edges
}

describe('the import graph of core', () => {
  it('has no cycle, type-only imports included', () => {
    const edges = graph()
    const state = new Map<string, 'visiting' | 'done'>()
    const cycles: string[] = []
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'visiting')
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'visiting') {
          const cycle = [...path.slice(path.indexOf(next)), next].map((f) => relative(SRC, f))
          cycles.push(cycle.join(' -> '))
        } else if (!state.has(next)) visit(next, [...path, next])
      }
      state.set(file, 'done')
    }
    for (const file of edges.keys()) if (!state.has(file)) visit(file, [file])
    expect(cycles).toEqual([])
  })

  it('keeps bot.ts and plugin-manager.ts under 300 lines', () => {
    for (const file of ['bot/bot.ts', 'plugins/plugin-manager.ts']) {
      expect(readFileSync(join(SRC, file), 'utf8').split('\n').length, file).toBeLessThan(300)
    }
  })
})
