import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The "Write your first plugin" guide must never rot: its code blocks are the files in test/guide/,
// which run as ordinary tests. This test fails when the guide and the files drift apart.
const guide = readFileSync(join(import.meta.dirname, '../../../docs/first-plugin.md'), 'utf8')
const blocks = new Map(
  [...guide.matchAll(/```ts file=(\S+)\n([\s\S]*?)```/g)].map((m) => [m[1] as string, m[2] as string]),
)

describe('docs/first-plugin.md', () => {
  it('has the plugin in each shape, and its test', () => {
    expect([...blocks.keys()]).toEqual([
      'greeter-plugin.ts',
      'greeter-object.ts',
      'emoji.ts',
      'greeter-plugin.test.ts',
    ])
  })

  for (const [file, code] of blocks) {
    it(`test/guide/${file} is the guide's code, unchanged`, () => {
      expect(readFileSync(join(import.meta.dirname, 'guide', file), 'utf8')).toBe(code)
    })
  }
})
