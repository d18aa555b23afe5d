import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { fixture } from './helpers.js'

describe('relaunchWithNodeFlags', () => {
  it('restarts a process without --no-node-snapshot under it, and passes on its exit code', () => {
    const env = { ...process.env, NODE_OPTIONS: '' }
    const result = spawnSync(process.execPath, ['--import', 'tsx', fixture('relaunch.ts')], {
      env,
      encoding: 'utf8',
    })
    expect(result.status).toBe(7)
    const flags = JSON.parse(result.stdout) as string[]
    expect(flags).toContain('--no-node-snapshot')
    expect(flags).toContain('--import')
  })
})
