import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { zeroBomb } from '../../../test/fixtures/zip-builder.js'
import { sha256Hex } from '../../testing/samples.js'
import { inspectZip, type ZipLimits } from './zip-inspector.js'

const MiB = 1024 * 1024
const LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 100 * MiB,
  maxRatio: 100,
  maxDepth: 3,
  blockEncrypted: true,
}

describe('inspectZip', () => {
  it('stops inflating shortly after the size limit instead of inflating the whole bomb', async () => {
    const limit = 20 * MiB
    const result = await inspectZip(zeroBomb(200, MiB), 'bomb.zip', {
      ...LIMITS,
      maxRatio: 1e9,
      maxTotalBytes: limit,
    })
    expect(result.threats.map((t) => t.name)).toEqual(['Heuristics.Limits.Exceeded.ArchiveSize'])
    expect(result.inflatedBytes).toBeGreaterThan(limit)
    // One inflate call on a 16 KiB piece yields at most about 16.5 MiB (deflate's 1032:1 ceiling).
    expect(result.inflatedBytes).toBeLessThan(limit + 17 * MiB)
  })

  it('hashes every entry and keeps its head', async () => {
    const a = strToU8('alpha')
    const result = await inspectZip(
      zipSync({ 'dir/a.txt': a, 'b.bin': new Uint8Array(10_000) }),
      'x.zip',
      LIMITS,
    )
    expect(result.error).toBeUndefined()
    expect(result.entries.map((e) => [e.path, e.size, e.head.length])).toEqual([
      ['x.zip/dir/a.txt', 5, 5],
      ['x.zip/b.bin', 10_000, 8192],
    ])
    expect(result.entries[0]?.sha256).toBe(sha256Hex(a))
  })
})
