import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkPackages, fieldProblems, referenceProblems, workspacePackages } from '../src/index.js'

const root = join(import.meta.dirname, '../../..')
const scratch = mkdtempSync(join(tmpdir(), 'banter-check-packages-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('check:packages (fields and references)', () => {
  it('every package of this repository has its fields, and the root tsconfig references them all', async () => {
    const problems = await checkPackages(root, { tarballs: false })
    expect(problems).toEqual([])
    expect(workspacePackages(root).map((p) => p.folder)).toContain('packages/create-banter')
  })

  it('names each missing field of a published package', () => {
    const problems = fieldProblems({
      folder: 'packages/bare',
      json: { name: '@banter/bare', repository: { url: 'x', directory: 'packages/other' } },
    }).map((p) => p.problem)
    expect(problems).toEqual([
      'no "engines.node"',
      '"repository.directory" is packages/other, not packages/bare',
      'no "license"',
      'no "keywords"',
      'no "files" (the tarball would hold everything)',
      'no "exports" "." with a "types" condition',
      'scoped but no "publishConfig": { "access": "public" }',
    ])
    expect(fieldProblems({ folder: 'apps/x', json: { name: 'x', private: true } })).toHaveLength(1)
  })

  it('finds a package missing from the root references, and a reference to nothing', () => {
    const repo = join(scratch, 'repo')
    mkdirSync(join(repo, 'packages/a'), { recursive: true })
    mkdirSync(join(repo, 'packages/b'), { recursive: true })
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }))
    for (const p of ['a', 'b']) {
      writeFileSync(join(repo, `packages/${p}/package.json`), JSON.stringify({ name: p, private: true }))
      writeFileSync(join(repo, `packages/${p}/tsconfig.build.json`), '{}')
    }
    writeFileSync(
      join(repo, 'tsconfig.json'),
      JSON.stringify({
        references: [
          { path: 'packages/a/tsconfig.build.json' },
          { path: 'packages/gone/tsconfig.build.json' },
        ],
      }),
    )
    expect(referenceProblems(repo, workspacePackages(repo)).map((p) => `${p.folder}: ${p.problem}`)).toEqual([
      'packages/b: not in the root tsconfig.json "references" (add { "path": "packages/b/tsconfig.build.json" })',
      'packages/gone/tsconfig.build.json: a root tsconfig.json reference to nothing',
    ])
  })
})
