import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through this export condition, so tests
// need no prior build.
const conditions = ['@banter/source', 'module', 'node', 'development|production']

const projects = [
  'packages/core',
  'packages/plugin-timestamp',
  'packages/plugin-openai',
  'packages/plugin-antivirus',
  'packages/plugin-workflow',
  'packages/discord',
  'packages/cli',
]

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
        typecheck: {
          enabled: true,
          include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'],
          tsconfig: 'tsconfig.json',
        },
      },
    })),
  },
})
