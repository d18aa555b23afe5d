import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildZip, deflated, zeroBomb } from '../../../test/fixtures/zip-builder.js'
import { antivirusOptionsSchema, type BuiltinEngineOptions } from '../../options.js'
import { eicar, sha256Hex } from '../../testing/samples.js'
import { BuiltinEngine } from './builtin-engine.js'

const MiB = 1024 * 1024

function engine(overrides: Record<string, unknown> = {}, hashes = new Map<string, string | undefined>()) {
  const options: BuiltinEngineOptions = antivirusOptionsSchema.parse({ builtin: overrides }).builtin
  return new BuiltinEngine(options, () => hashes)
}

async function scan(bytes: Uint8Array, name: string, e = engine()) {
  return e.scan(bytes, { name }, sha256Hex(bytes))
}

// The smallest headers file-type recognises: a DOS/PE stub and an ELF identification.
function fakeExe(): Uint8Array {
  const bytes = new Uint8Array(512)
  bytes.set([0x4d, 0x5a])
  return bytes
}

function fakeElf(): Uint8Array {
  const bytes = new Uint8Array(64)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  return bytes
}

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

describe('BuiltinEngine: EICAR', () => {
  it('flags the bare EICAR file and the variants its specification allows', async () => {
    for (const sample of [eicar(), eicar('\r\n'), eicar(' \t\x1a'), eicar(' '.repeat(60))]) {
      const result = await scan(sample, 'eicar.com.txt')
      expect(result.verdict).toBe('infected')
      expect(result.threats).toContainEqual({ name: 'Eicar-Test-File', engine: 'builtin' })
    }
  })

  it('does not flag text that merely contains the EICAR string or is too long', async () => {
    for (const sample of [eicar(' and more text'), eicar(' '.repeat(61)), eicar().subarray(0, 67)]) {
      const result = await scan(sample, 'notes.txt')
      expect(result.verdict).toBe('clean')
    }
  })

  it('finds EICAR inside a zip and inside a zip inside a zip, with the path', async () => {
    const inner = zipSync({ 'eicar.txt': eicar(), 'readme.txt': strToU8('hello') })
    const outer = zipSync({ 'docs/inner.zip': inner, 'a.txt': strToU8('fine') })
    const one = await scan(inner, 'inner.zip')
    expect(one.threats).toEqual([
      { name: 'Eicar-Test-File', engine: 'builtin', location: 'inner.zip/eicar.txt' },
    ])
    const two = await scan(outer, 'outer.zip')
    expect(two.verdict).toBe('infected')
    expect(two.threats).toEqual([
      { name: 'Eicar-Test-File', engine: 'builtin', location: 'outer.zip/docs/inner.zip/eicar.txt' },
    ])
  })
})

describe('BuiltinEngine: types and names', () => {
  it('flags an executable renamed to .pdf: by its magic bytes and as a mismatch', async () => {
    const result = await scan(fakeExe(), 'invoice.pdf')
    expect(result.verdict).toBe('infected')
    expect(result.threats.map((t) => t.name)).toEqual([
      'Heuristics.Executable.exe',
      'Heuristics.ExtensionMismatch.pdf-is-exe',
    ])
  })

  it('flags executables inside archives and blocked extensions whatever the bytes', async () => {
    const zip = zipSync({ 'photo.jpg': fakeElf(), 'run.bat': strToU8('@echo off') })
    const result = await scan(zip, 'holiday.zip')
    expect(result.threats).toEqual([
      { name: 'Heuristics.Executable.elf', engine: 'builtin', location: 'holiday.zip/photo.jpg' },
      {
        name: 'Heuristics.ExtensionMismatch.jpg-is-elf',
        engine: 'builtin',
        location: 'holiday.zip/photo.jpg',
      },
      { name: 'Heuristics.BlockedExtension.bat', engine: 'builtin', location: 'holiday.zip/run.bat' },
    ])
  })

  it('lets executables through when blockExecutables is off (the mismatch still counts)', async () => {
    const e = engine({ blockExecutables: false, flagExtensionMismatch: false })
    expect((await scan(fakeExe(), 'tool.exe.bin', e)).verdict).toBe('clean')
  })

  it('does not call a png named .jpg a mismatch (same kind of file)', async () => {
    expect((await scan(PNG, 'cat.jpg')).verdict).toBe('clean')
    expect((await scan(PNG, 'cat.png')).verdict).toBe('clean')
  })

  it('flags a zip disguised as an image', async () => {
    const zip = zipSync({ 'a.txt': strToU8('hello') })
    const result = await scan(zip, 'cat.jpg')
    expect(result.threats.map((t) => t.name)).toEqual(['Heuristics.ExtensionMismatch.jpg-is-zip'])
  })

  it('flags blocklisted SHA-256 digests, also inside archives, with the list name', async () => {
    const payload = strToU8('a known bad payload')
    const e = engine({}, new Map([[sha256Hex(payload), 'Known.Bad']]))
    expect((await scan(payload, 'x.txt', e)).threats).toEqual([{ name: 'Known.Bad', engine: 'builtin' }])
    const zip = zipSync({ 'deep/x.txt': payload })
    expect((await scan(zip, 'x.zip', e)).threats).toEqual([
      { name: 'Known.Bad', engine: 'builtin', location: 'x.zip/deep/x.txt' },
    ])
  })

  it('passes clean files: text, an image, an ordinary zip, an empty file', async () => {
    const zip = zipSync({ 'notes/a.txt': strToU8('hello'), 'b.png': PNG, 'c.md': strToU8('# title') })
    for (const [bytes, name] of [
      [strToU8('just some text'), 'a.txt'],
      [PNG, 'image.png'],
      [zip, 'bundle.zip'],
      [new Uint8Array(0), 'empty.txt'],
    ] as const) {
      expect((await scan(bytes, name)).verdict, name).toBe('clean')
    }
  })
})

describe('BuiltinEngine: archive limits', () => {
  it('stops a 200 MiB zip bomb at maxTotalBytes, counting real inflated bytes', async () => {
    // 200 entries of 1 MiB of zeros (about 200 KB of zip). The ratio limit is lifted to reach the size limit.
    const bomb = zeroBomb(200, MiB)
    const e = engine({ archives: { maxRatio: 1e9, maxTotalBytes: 24 * MiB } })
    const result = await scan(bomb, 'bomb.zip', e)
    expect(result.verdict).toBe('infected')
    expect(result.threats).toEqual([
      expect.objectContaining({ name: 'Heuristics.Limits.Exceeded.ArchiveSize', engine: 'builtin' }),
    ])
  })

  it('does not trust sizes the headers declare: an entry that inflates past them is a mismatch', async () => {
    // Every entry claims 10 bytes; each would inflate to 1 MiB. Inflating stops at the lie.
    const liar = zeroBomb(40, MiB, { declaredSize: 10 })
    const e = engine({ archives: { maxRatio: 1e9, maxTotalBytes: 16 * MiB } })
    const result = await scan(liar, 'liar.zip', e)
    expect(result.verdict).toBe('infected')
    expect(new Set(result.threats.map((t) => t.name))).toEqual(new Set(['ARCHIVE_MISMATCH']))
    expect(result.threats[0]).toMatchObject({
      location: 'liar.zip/zeros-0.bin',
      detail: 'it inflates to more than the 10 bytes its headers declare',
    })
  })

  it('stops on the compression ratio with default limits', async () => {
    const result = await scan(zeroBomb(20, MiB), 'ratio.zip')
    expect(result.threats.map((t) => t.name)).toEqual(['Heuristics.Limits.Exceeded.ArchiveRatio'])
  })

  it('stops on the number of entries', async () => {
    const files: Record<string, Uint8Array> = {}
    for (let i = 0; i < 30; i++) files[`f${i}.txt`] = strToU8(`file ${i}`)
    const result = await scan(zipSync(files), 'many.zip', engine({ archives: { maxEntries: 25 } }))
    expect(result.threats.map((t) => t.name)).toEqual(['Heuristics.Limits.Exceeded.ArchiveEntries'])
    expect((await scan(zipSync(files), 'many.zip')).verdict).toBe('clean')
  })

  it('stops on nesting depth', async () => {
    let zip = zipSync({ 'core.txt': strToU8('fine') })
    for (let level = 0; level < 4; level++) zip = zipSync({ [`level${level}.zip`]: zip })
    const result = await scan(zip, 'nested.zip')
    expect(result.threats).toEqual([
      expect.objectContaining({ name: 'Heuristics.Limits.Exceeded.ArchiveDepth' }),
    ])
    expect((await scan(zip, 'nested.zip', engine({ archives: { maxDepth: 6 } }))).verdict).toBe('clean')
  })

  it('flags encrypted entries, and only them', async () => {
    const secret = { ...deflated('secret.docx', strToU8('ciphertext')), flags: 1 }
    const zip = buildZip([deflated('readme.txt', strToU8('open')), secret])
    const result = await scan(zip, 'locked.zip')
    expect(result.threats).toEqual([
      { name: 'Heuristics.Encrypted.Zip', engine: 'builtin', location: 'locked.zip/secret.docx' },
    ])
    expect((await scan(zip, 'locked.zip', engine({ archives: { blockEncrypted: false } }))).verdict).toBe(
      'clean',
    )
  })

  it('reports a corrupt archive as an error, never as clean', async () => {
    const broken = buildZip([
      { ...deflated('a.txt', strToU8('hello hello hello')), payload: strToU8('not deflate!') },
    ])
    const result = await scan(broken, 'broken.zip')
    expect(result.verdict).toBe('error')
    expect(result.error).toMatch(
      /^ANTIVIRUS_ARCHIVE_UNREADABLE: entry broken\.zip\/a\.txt cannot be inflated/,
    )
  })

  it('reports an entry it cannot decompress as an error', async () => {
    const zip = buildZip([{ ...deflated('a.txt', strToU8('x')), method: 14 }])
    const result = await scan(zip, 'lzma.zip')
    expect(result.verdict).toBe('error')
    expect(result.error).toContain('compression method 14')
  })
})
