import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildZip, deflated, doctoredZip, zeroBomb } from '../../test/fixtures/zip-builder.js'
import { antivirusOptionsSchema } from '../options.js'
import { eicar } from '../testing/samples.js'
import { ArchiveGuard } from './archive-guard.js'

const guard = () => new ArchiveGuard(antivirusOptionsSchema.parse({}).builtin.archives)
const MiB = 1024 * 1024

describe('ArchiveGuard (the archive limits that run before clamd)', () => {
  it('flags bombs and mismatched zips, as engine "archives"', async () => {
    const bomb = await guard().scan(zeroBomb(20, MiB), { name: 'ratio.zip' })
    expect(bomb.threats.map((t) => [t.name, t.engine])).toEqual([
      ['Heuristics.Limits.Exceeded.ArchiveRatio', 'archives'],
    ])
    const doctored = await guard().scan(doctoredZip({ name: 'eicar.com', data: eicar() }), { name: 'd.zip' })
    expect(doctored.verdict).toBe('infected')
    expect(doctored.threats.map((t) => t.name)).toEqual(['ARCHIVE_MISMATCH'])
  })

  it('says nothing about contents (clamd judges those) nor about what it cannot inflate', async () => {
    expect(await guard().scan(zipSync({ 'eicar.com': eicar() }), { name: 'e.zip' })).toEqual({
      verdict: 'clean',
      threats: [],
    })
    const lzma = buildZip([{ ...deflated('a.txt', strToU8('x')), method: 14 }])
    expect((await guard().scan(lzma, { name: 'lzma.zip' })).verdict).toBe('clean')
    expect((await guard().scan(strToU8('plain text'), { name: 'a.txt' })).verdict).toBe('clean')
  })
})
