import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import {
  centralRecord,
  concatBytes,
  crc32,
  deflated,
  doctoredZip,
  endRecord,
  localEntry,
  type RawEntry,
  zip64Bomb,
} from '../../../test/fixtures/zip-builder.js'
import { antivirusOptionsSchema } from '../../options.js'
import { eicar, sha256Hex } from '../../testing/samples.js'
import { BuiltinEngine } from './builtin-engine.js'

const MiB = 1024 * 1024

function engine() {
  return new BuiltinEngine(antivirusOptionsSchema.parse({}).builtin, () => new Map())
}

async function scan(bytes: Uint8Array, name: string) {
  return engine().scan(bytes, { name }, sha256Hex(bytes))
}

const mismatches = (threats: readonly { name: string; location?: string }[]) =>
  threats.filter((t) => t.name === 'ARCHIVE_MISMATCH').map((t) => t.location)

function stored(name: string, data: Uint8Array): RawEntry {
  return { name, payload: data, method: 0, crc: crc32(data), size: data.length }
}

// A zip from local entries and central records written separately, so that they can disagree.
function assemble(locals: readonly Uint8Array[], records: readonly Uint8Array[], count = records.length) {
  const body = concatBytes(locals)
  const central = concatBytes(records)
  return concatBytes([body, central, endRecord(count, central.length, body.length)])
}

// A fake PE header: enough for file-type to call it an executable.
function fakeExe(): Uint8Array {
  const bytes = new Uint8Array(512)
  bytes.set([0x4d, 0x5a])
  return bytes
}

describe('zip parsing disagrees with extractors (issue 11)', () => {
  it('flags a local entry whose declared size swallows an EICAR entry that the central directory lists alone', async () => {
    const zip = doctoredZip({ name: 'eicar.com', data: eicar() })
    const result = await scan(zip, 'notes.zip')
    expect(result.verdict).toBe('infected')
    expect(result.threats).toContainEqual({
      name: 'ARCHIVE_MISMATCH',
      engine: 'builtin',
      location: 'notes.zip',
      detail: 'a local file header at offset 0 is not in the central directory',
    })
    // What extractors actually produce is what gets checked.
    expect(result.threats).toContainEqual({
      name: 'Eicar-Test-File',
      engine: 'builtin',
      location: 'notes.zip/eicar.com',
    })
  })

  it('flags the same trick hiding an executable, and inside a zip inside a zip', async () => {
    const inner = doctoredZip({ name: 'setup.exe', data: fakeExe() })
    const outer = zipSync({ 'docs/inner.zip': inner, 'a.txt': strToU8('fine') })
    const result = await scan(outer, 'outer.zip')
    expect(result.verdict).toBe('infected')
    expect(mismatches(result.threats)).toEqual(['outer.zip/docs/inner.zip'])
    expect(result.threats.map((t) => t.name)).toContain('Heuristics.BlockedExtension.exe')
  })

  it('flags names that differ between the local header and the central directory', async () => {
    const entry = stored('invoice.pdf', strToU8('%PDF-1.4 fake'))
    const local = localEntry(entry)
    const zip = assemble([local], [centralRecord({ ...entry, name: 'invoice.exe' }, 0)])
    const result = await scan(zip, 'x.zip')
    expect(result.threats).toContainEqual(
      expect.objectContaining({
        name: 'ARCHIVE_MISMATCH',
        location: 'x.zip/invoice.exe',
        detail: 'the central directory calls it "invoice.exe" and its local header "invoice.pdf"',
      }),
    )
  })

  it('flags sizes that differ between the local header and the central directory', async () => {
    const data = strToU8('hello hello hello hello')
    const entry = deflated('a.txt', data)
    const local = localEntry(entry, { size: data.length + 1000 })
    const zip = assemble([local], [centralRecord(entry, 0)])
    const result = await scan(zip, 'sizes.zip')
    expect(mismatches(result.threats)).toEqual(['sizes.zip/a.txt'])
  })

  it('flags overlapping entries (two directory records sharing one local entry)', async () => {
    const entry = deflated('a.txt', strToU8('the same bytes twice'))
    const zip = assemble(
      [localEntry(entry)],
      [centralRecord(entry, 0), centralRecord({ ...entry, name: 'b.txt' }, 0)],
    )
    const result = await scan(zip, 'overlap.zip')
    expect(result.threats).toContainEqual(
      expect.objectContaining({ name: 'ARCHIVE_MISMATCH', location: 'overlap.zip/b.txt' }),
    )
    expect(result.threats.find((t) => t.location === 'overlap.zip/b.txt')?.detail).toMatch(/overlap/)
  })

  it('flags a directory record that points at no local header', async () => {
    const entry = stored('a.txt', strToU8('hello'))
    const local = localEntry(entry)
    const zip = assemble([local, strToU8('just some padding bytes')], [centralRecord(entry, local.length)])
    const result = await scan(zip, 'nowhere.zip')
    expect(result.threats).toContainEqual(
      expect.objectContaining({ name: 'ARCHIVE_MISMATCH', location: 'nowhere.zip/a.txt' }),
    )
  })

  it('flags a zip hidden behind an image (extractors still open it)', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const polyglot = concatBytes([png, zipSync({ 'eicar.com': eicar() })])
    const result = await scan(polyglot, 'cat.png')
    expect(result.verdict).toBe('infected')
    expect(result.threats.map((t) => t.name)).toContain('ARCHIVE_MISMATCH')
  })

  it('keeps ordinary zips clean: streamed entries with data descriptors, stored and deflated', async () => {
    const parts: Uint8Array[] = []
    const zip = new Zip((error, chunk) => {
      if (error) throw error
      parts.push(chunk)
    })
    const deflatedFile = new ZipDeflate('notes/a.txt', { level: 6 })
    zip.add(deflatedFile)
    deflatedFile.push(strToU8('streamed text '.repeat(100)), true)
    const storedFile = new ZipPassThrough('b.bin')
    zip.add(storedFile)
    storedFile.push(new Uint8Array(3000).fill(7), true)
    zip.end()
    const streamed = concatBytes(parts)
    expect((await scan(streamed, 'streamed.zip')).verdict).toBe('clean')
    expect(
      (await scan(zipSync({ 'a.txt': strToU8('x'), 'd/': new Uint8Array(0) }), 'plain.zip')).verdict,
    ).toBe('clean')
  })

  it('reads a streamed zip64 archive without a mismatch (its limits still apply)', async () => {
    const result = await scan(zip64Bomb(64 * MiB), 'big.zip')
    expect(result.threats.map((t) => t.name)).toEqual(['Heuristics.Limits.Exceeded.ArchiveRatio'])
  })
})
