import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { antivirusOptionsSchema } from '../../options.js'
import { sha256Hex } from '../../testing/samples.js'
import { BuiltinEngine } from './builtin-engine.js'
import { normalizeFileName } from './file-name.js'

const engine = () => new BuiltinEngine(antivirusOptionsSchema.parse({}).builtin, () => new Map())
const scan = (bytes: Uint8Array, name: string) => engine().scan(bytes, { name }, sha256Hex(bytes))

describe('blocked extensions bypassed by trailing dots, spaces and ::$DATA (issue 11)', () => {
  const disguised = [
    'invoice.exe.',
    'invoice.exe ',
    'invoice.exe. . .',
    'invoice.exe::$DATA',
    'invoice.exe::$data. ',
    'INVOICE.EXE',
    'Invoice.ExE',
    'invoice.ｅｘｅ',
    'invoice.e\u200Bxe',
    'invoice.exe\uFEFF',
    'notes.txt:payload.exe',
  ]
  it.each(disguised)('%j counts as .exe', async (name) => {
    expect(normalizeFileName(name).extensions).toContain('exe')
    const result = await scan(strToU8('harmless bytes'), name)
    expect(result.verdict).toBe('infected')
    expect(result.threats.map((t) => t.name)).toContain('Heuristics.BlockedExtension.exe')
  })

  it('normalises names inside archives too', async () => {
    const zip = zipSync({ 'run.bat. ': strToU8('@echo off'), 'readme.txt': strToU8('hi') })
    const result = await scan(zip, 'tools.zip')
    expect(result.threats).toEqual([
      { name: 'Heuristics.BlockedExtension.bat', engine: 'builtin', location: 'tools.zip/run.bat. ' },
    ])
  })

  it('flags the right-to-left override trick', async () => {
    // Reads "invoiceexe.pdf"; is invoice…exe.
    const trick = await scan(strToU8('x'), 'invoice\u202Efdp.exe')
    expect(trick.threats.map((t) => t.name)).toEqual([
      'Heuristics.BlockedExtension.exe',
      'Heuristics.FileName.BidiControl',
    ])
    // Even when the real extension is harmless, the name lies to the reader.
    const harmless = await scan(strToU8('x'), 'photo\u202Egnp.txt')
    expect(harmless.threats.map((t) => t.name)).toEqual(['Heuristics.FileName.BidiControl'])
  })

  it('leaves ordinary names alone', async () => {
    for (const name of [
      'report.pdf.txt',
      'notes',
      'archive.tar.gz',
      'my file (1).txt',
      'résumé.txt',
      'ملف.txt',
    ]) {
      expect((await scan(strToU8('plain text'), name)).verdict, name).toBe('clean')
    }
    expect(normalizeFileName('a.tar.gz').extensions).toEqual(['gz'])
  })
})
