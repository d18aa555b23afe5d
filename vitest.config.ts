import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through this export condition, so tests
// need no prior build.
const conditions = ['@banter/source', 'module', 'node', 'development|production']

// Every workspace package with sources or tests is a project, found on disk: a package added under
// packages/, apps/ or tools/ is tested by `npm test` without editing this file.
const root = fileURLToPath(new URL('.', import.meta.url))
const projects = ['packages', 'apps', 'tools'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
    .filter((entry) => ['src', 'test'].some((dir) => existsSync(join(root, group, entry.name, dir))))
    .map((entry) => `${group}/${entry.name}`),
)

// Per-project extras. The sandbox runs isolated-vm, which needs --no-node-snapshot on Node 20, and
// starts real workers and isolates (slower than the other suites).
const extras: Record<string, { execArgv?: string[]; testTimeout?: number }> = {
  'packages/sandbox': { execArgv: ['--no-node-snapshot'], testTimeout: 60_000 },
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@banter/source', 'node'] } },
  test: {
    projects: projects.map((root) => ({
      extends: true,
      test: {
        name: root.split('/')[1] as string,
        root: fileURLToPath(new URL(root, import.meta.url)),
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 30_000,
        ...extras[root],
        typecheck: {
          enabled: true,
          include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'],
          tsconfig: 'tsconfig.json',
        },
      },
    })),
  },
})
