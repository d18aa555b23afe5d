import { z } from '@banter/core'

const MiB = 1024 * 1024

/** What the plugin may do about a flagged message. Emitting `security.threat` always happens. */
export const ACTIONS = ['delete', 'warn', 'report', 'quarantine'] as const

/** One action from {@link ACTIONS}. */
export type ThreatAction = (typeof ACTIONS)[number]

const action = z.enum(ACTIONS)
const actionList = (defaults: ThreatAction[]) => z.array(action).default(defaults)

const sha256Entry = z.union([
  z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest: 64 hexadecimal characters')
    .transform((sha256) => ({ sha256: sha256.toLowerCase(), name: undefined as string | undefined })),
  z.object({
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest: 64 hexadecimal characters')
      .transform((s) => s.toLowerCase()),
    name: z.string().min(1).optional(),
  }),
])

const positiveInt = z.number().int().positive()

/** Options of the built-in engine. */
const builtinSchema = z.object({
  /** SHA-256 digests to block (a digest, or `{ sha256, name }`). */
  sha256Blocklist: z.array(sha256Entry).default([]),
  /** Files of SHA-256 digests (one per line, `digest [name]` or ClamAV `.hsb` lines), reloaded on change. */
  sha256BlocklistFiles: z.array(z.string().min(1)).default([]),
  /** Block files whose bytes are one of `blockedTypes` (by magic bytes, whatever their name). */
  blockExecutables: z.boolean().default(true),
  /** file-type extensions treated as executables. */
  blockedTypes: z
    .array(z.string().min(1))
    .default(['exe', 'elf', 'macho', 'dmg', 'apk', 'lnk', 'cab', 'jar', 'reg', 'chm', 'deb', 'rpm', 'crx']),
  /** File name extensions blocked whatever the bytes are (scripts cannot be sniffed). */
  blockedExtensions: z
    .array(z.string().min(1))
    .default([
      'exe',
      'scr',
      'com',
      'pif',
      'bat',
      'cmd',
      'vbs',
      'vbe',
      'wsf',
      'wsh',
      'hta',
      'msi',
      'cpl',
      'lnk',
    ]),
  /** Flag a file whose name says one kind (a `.pdf`) and whose bytes say another (an executable). */
  flagExtensionMismatch: z.boolean().default(true),
  /** Zip inspection limits. */
  archives: z
    .object({
      /** Entries across all nesting levels. */
      maxEntries: positiveInt.default(1000),
      /** Bytes actually inflated across all entries (declared sizes are not trusted). */
      maxTotalBytes: positiveInt.default(100 * MiB),
      /** Inflated / compressed, checked once an entry or archive inflated more than 1 MiB. */
      maxRatio: z.number().positive().default(100),
      /** Zips inside zips: 1 is a zip in the attachment, 3 a zip in a zip in a zip. */
      maxDepth: positiveInt.default(3),
      /** Flag entries that are encrypted (they cannot be inspected). */
      blockEncrypted: z.boolean().default(true),
    })
    .prefault({}),
})

/** Options of the ClamAV engine. */
const clamavSchema = z.object({
  /** clamd TCP host (ignored when `socket` is set). */
  host: z.string().min(1).default('127.0.0.1'),
  /** clamd TCP port (`TCPSocket` in clamd.conf). */
  port: z.number().int().min(1).max(65535).default(3310),
  /** clamd unix socket path (`LocalSocket` in clamd.conf); preferred over TCP when set. */
  socket: z.string().min(1).optional(),
  /** How long to wait for the connection. */
  connectTimeoutMs: positiveInt.default(1000),
  /** How long a scan may take once connected (sending and waiting for the reply). */
  scanTimeoutMs: positiveInt.default(3000),
  /** clamd's `StreamMaxLength`: larger files are not sent (clamd would refuse them). Debian's default is 25M. */
  streamMaxLength: positiveInt.default(25 * MiB),
  /** INSTREAM chunk size. */
  chunkSize: positiveInt.max(16 * MiB).default(64 * 1024),
})

const domain = z.string().min(1)

/** Options of message scanning. */
const linksSchema = z.object({
  /** Scan message text for links at all. */
  enabled: z.boolean().default(true),
  /** Use the small bundled seed lists (known phishing domains; official Discord and Steam domains). */
  useSeedLists: z.boolean().default(true),
  /** Blocked domains: a listed domain blocks itself and its subdomains. */
  blocklist: z.array(domain).default([]),
  /** Files of blocked domains (one per line; hosts-file lines and URLs are accepted), reloaded on change. */
  blocklistFiles: z.array(z.string().min(1)).default([]),
  /** Domains never flagged (with their subdomains). */
  allowlist: z.array(domain).default([]),
  /** Files of allowed domains, reloaded on change. */
  allowlistFiles: z.array(z.string().min(1)).default([]),
  /** Names phishers imitate: look-alike hosts (`d1scord`, `dicsord`, `stearn`) are flagged. */
  protectedNames: z
    .array(z.string().min(3))
    .default(['discord', 'discordapp', 'steam', 'steamcommunity', 'steampowered', 'nitro', 'roblox']),
  /** Bait words: a host with a protected name and a bait word (`discord-nitro.gift`) is flagged. */
  baitWords: z
    .array(z.string().min(3))
    .default(['nitro', 'gift', 'gifts', 'free', 'claim', 'promo', 'airdrop', 'giveaway', 'bonus', 'reward']),
  /** Flag links to IP addresses (`http://203.0.113.7/login`). */
  flagIpLinks: z.boolean().default(true),
  /** Flag internationalised (punycode, `xn--`) hosts. */
  flagPunycode: z.boolean().default(true),
  /** Flag Markdown links whose text shows another domain than they lead to. */
  flagMaskedLinks: z.boolean().default(true),
})

/** The options schema of the antivirus plugin. */
export const antivirusOptionsSchema = z.object({
  /** File engines, run in order; a file is infected as soon as one says so. */
  engines: z
    .array(z.enum(['builtin', 'clamav']))
    .min(1, 'needs at least one engine: builtin, clamav')
    .default(['builtin']),
  /** When an engine is down or errors on a file: `closed` blocks it, `open` lets it through (logged). */
  failMode: z.enum(['closed', 'open']).default('closed'),
  /** The same for message text (the link scanner runs in process, so errors are unlikely). */
  messageFailMode: z.enum(['closed', 'open']).default('open'),
  /** Files larger than this are not scanned; they count as a scan error (see `failMode`). */
  maxFileSize: positiveInt.default(25 * MiB),
  /**
   * How long the whole check of one message (downloads and scans) may take before it counts as an
   * error. Keep it under the bot's `timeouts.hookMs` (5000 by default): a hook the bot abandons lets the
   * message through.
   */
  deadlineMs: positiveInt.default(4000),
  /** Built-in engine. */
  builtin: builtinSchema.prefault({}),
  /** ClamAV engine (used when `engines` lists `clamav`). */
  clamav: clamavSchema.prefault({}),
  /** Scan cache: the same bytes (by SHA-256) under the same extension are scanned once per TTL. */
  cache: z
    .object({
      maxEntries: z.number().int().min(0).default(10_000),
      ttlMs: positiveInt.default(60 * 60 * 1000),
    })
    .prefault({}),
  /** Message text scanning. */
  links: linksSchema.prefault({}),
  /** Delete messages that leak a Discord bot token or an OpenAI API key (and warn their author). */
  secrets: z.object({ enabled: z.boolean().default(true) }).prefault({}),
  /** Distinct mentions in one message from which it counts as mass-mention spam (0 turns it off). */
  massMentionThreshold: z.number().int().min(0).default(10),
  /**
   * Channel id where moderators are told (the `report` action): the operator's channel, for servers
   * not listed in `moderatorChannels` and for direct messages.
   */
  moderatorChannel: z.string().min(1).optional(),
  /** A report channel per server (guild id -> channel id): a server's reports go to its own channel only. */
  moderatorChannels: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** What to do, by kind of finding. */
  actions: z
    .object({
      /** An infected attachment. */
      file: actionList(['delete', 'warn', 'report', 'quarantine']),
      /** A phishing or suspicious link. */
      link: actionList(['delete', 'warn', 'report']),
      /** A leaked secret. */
      secret: actionList(['delete', 'warn']),
      /** Mass mentions. */
      spam: actionList(['delete', 'warn', 'report']),
      /** A file that could not be scanned while `failMode` is `closed`. */
      error: actionList(['delete', 'warn', 'report']),
    })
    .prefault({}),
  /** How long quarantine records are kept. */
  quarantineTtlMs: positiveInt.default(30 * 24 * 60 * 60 * 1000),
  /** How often list files (and the shared allowlist) are checked for changes. */
  reloadIntervalMs: positiveInt.default(60_000),
})

/** Options of the antivirus plugin, as written in config. */
export type AntivirusOptions = z.input<typeof antivirusOptionsSchema>

/** Options of the antivirus plugin after validation (defaults applied). */
export type ResolvedAntivirusOptions = z.output<typeof antivirusOptionsSchema>

/** Options of the built-in engine after validation. */
export type BuiltinEngineOptions = ResolvedAntivirusOptions['builtin']

/** Options of the ClamAV engine after validation. */
export type ClamavEngineOptions = ResolvedAntivirusOptions['clamav']

/** Options of message scanning after validation. */
export type LinkScanOptions = ResolvedAntivirusOptions['links']
