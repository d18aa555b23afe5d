import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DomainSet } from './domain-set.js'
import { normalizeDomain, parseDomainList, parseHashList } from './parse-lists.js'
import { ThreatLists } from './threat-lists.js'

const SHA = 'd44ea3c6794f00f0f1a3b750e813e49c18a2dea0fa6818829c0660454cf216e3'

describe('list parsing', () => {
  it('reads digests alone, with a name, and as ClamAV .hsb lines; skips the rest', () => {
    const parsed = parseHashList(
      `# comment\n${SHA}\n${SHA.toUpperCase()} Named.Thing\n${SHA}:29:Proto.Blocklist\nnot a digest\n`,
    )
    expect(parsed.entries).toEqual([
      { sha256: SHA, name: undefined },
      { sha256: SHA, name: 'Named.Thing' },
      { sha256: SHA, name: 'Proto.Blocklist' },
    ])
    expect(parsed.skipped).toEqual(['line 5: not a digest'])
  })

  it('reads domains, hosts-file lines, URLs and wildcards; refuses what is not a domain', () => {
    const parsed = parseDomainList(
      'Evil.Example.COM\n0.0.0.0 ads.example.net\nhttps://phish.example.org/login\n*.wild.example.io\nmünchen.de\nnot a domain\ncom\n',
    )
    expect(parsed.entries).toEqual([
      'evil.example.com',
      'ads.example.net',
      'phish.example.org',
      'wild.example.io',
      'xn--mnchen-3ya.de',
    ])
    expect(parsed.skippedCount).toBe(2)
    expect(normalizeDomain('https://x.example.com:8080/a')).toBe('x.example.com')
    expect(normalizeDomain('')).toBeUndefined()
  })
})

describe('DomainSet', () => {
  it('matches a host and its parent domains, never substrings or suffixes', () => {
    const set = new DomainSet(['discordapp.com', 'evil.co.uk', '203.0.113.7'])
    expect(set.match('cdn.discordapp.com')).toBe('discordapp.com')
    expect(set.match('discordapp.com')).toBe('discordapp.com')
    expect(set.match('notdiscordapp.com')).toBeUndefined()
    expect(set.match('discordapp.com.evil.net')).toBeUndefined()
    expect(set.match('a.b.evil.co.uk')).toBe('evil.co.uk')
    expect(set.match('co.uk')).toBeUndefined()
    expect(set.match('203.0.113.7')).toBe('203.0.113.7')
    expect(set.match('3.0.113.7')).toBeUndefined()
  })
})

describe('ThreatLists', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'banter-lists-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const sources = (files: { block?: string; hashes?: string }) => ({
    sha256: [],
    sha256Files: files.hashes ? [files.hashes] : [],
    blocklist: ['configured.example.com'],
    blocklistFiles: files.block ? [files.block] : [],
    allowlist: [],
    allowlistFiles: [],
    useSeedLists: false,
  })

  it('reloads a changed file and keeps the old entries when the file disappears', async () => {
    const block = join(dir, 'block.txt')
    const hashes = join(dir, 'hashes.txt')
    await writeFile(block, 'first.example.com\n')
    await writeFile(hashes, `${SHA} Bad.One\n`)
    const lists = new ThreatLists(sources({ block, hashes }))
    await lists.reload(true)
    expect(lists.blocked.match('first.example.com')).toBe('first.example.com')
    expect(lists.blocked.match('configured.example.com')).toBe('configured.example.com')
    expect(lists.hashes.get(SHA)).toBe('Bad.One')

    expect(await lists.reload()).toEqual({ hashesChanged: false, domainsChanged: false, problems: [] })

    await writeFile(block, 'second.example.com\nbad line here\n')
    const changed = await lists.reload()
    expect(changed.domainsChanged).toBe(true)
    expect(changed.problems).toEqual([`${block}: 1 line(s) skipped (not understood): line 2: bad line here`])
    expect(lists.blocked.match('first.example.com')).toBeUndefined()
    expect(lists.blocked.match('second.example.com')).toBe('second.example.com')

    await unlink(block)
    const gone = await lists.reload()
    expect(gone.problems[0]).toMatch(
      /cannot read list file .*block\.txt: ENOENT; keeping its previous entries/,
    )
    expect(lists.blocked.match('second.example.com')).toBe('second.example.com')
  })

  it('refuses to start on a missing file with a clear error', async () => {
    const lists = new ThreatLists(sources({ block: join(dir, 'missing.txt') }))
    await expect(lists.reload(true)).rejects.toMatchObject({
      code: 'ANTIVIRUS_LIST_UNREADABLE',
      message: expect.stringMatching(/cannot read list file .*missing\.txt: ENOENT\n {2}→ Check the path/),
    })
  })
})
