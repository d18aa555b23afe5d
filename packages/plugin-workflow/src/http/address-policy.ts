import { BlockList, isIP } from 'node:net'

// Ranges that are not the public internet: loopback, private, link-local (cloud metadata lives at
// 169.254.169.254), carrier-grade NAT, benchmarking, multicast, reserved, and their IPv6 kin.
const NON_PUBLIC_V4: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
]
const NON_PUBLIC_V6: readonly [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
]

function unmap(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? (mapped[1] as string) : address
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4'
}

/**
 * Decides which addresses `http` steps may reach: every public address, and non-public ones
 * (loopback, private, link-local, ...) only when the operator allow-listed them. Built on Node's
 * `net.BlockList`.
 */
export class AddressPolicy {
  readonly #blocked = new BlockList()
  readonly #allowed = new BlockList()

  /** @param allow IPs or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) that may be reached anyway. */
  constructor(allow: readonly string[] = []) {
    for (const [net, prefix] of NON_PUBLIC_V4) this.#blocked.addSubnet(net, prefix, 'ipv4')
    for (const [net, prefix] of NON_PUBLIC_V6) this.#blocked.addSubnet(net, prefix, 'ipv6')
    for (const entry of allow) {
      const parsed = parseRange(entry)
      if (!parsed) throw new TypeError(`"${entry}" is not an IP address or CIDR range`)
      this.#allowed.addSubnet(parsed.address, parsed.prefix, parsed.family)
    }
  }

  /** Whether `address` (an IP) may be reached. */
  allows(address: string): boolean {
    const ip = unmap(address)
    if (isIP(ip) === 0) return false
    const kind = family(ip)
    if (this.#allowed.check(ip, kind)) return true
    return !this.#blocked.check(ip, kind)
  }
}

/** Parses `10.0.0.0/8`, `127.0.0.1` or `::1` into a subnet; `undefined` when it is neither. */
export function parseRange(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', bits] = entry.trim().split('/')
  const version = isIP(address)
  if (version === 0) return undefined
  const max = version === 4 ? 32 : 128
  const prefix = bits === undefined ? max : Number(bits)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}
