import { describe, expect, it } from 'vitest'
import { AddressPolicy } from './address-policy.js'
import { guardedRequest } from './guarded-request.js'

describe('AddressPolicy', () => {
  it('refuses loopback, private, link-local and reserved addresses, IPv4 and IPv6', () => {
    const policy = new AddressPolicy()
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ]) {
      expect(policy.allows(ip), ip).toBe(false)
    }
    for (const ip of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])
      expect(policy.allows(ip), ip).toBe(true)
  })

  it('allows listed addresses and ranges', () => {
    const policy = new AddressPolicy(['127.0.0.1', '10.0.0.0/8'])
    expect(policy.allows('127.0.0.1')).toBe(true)
    expect(policy.allows('127.0.0.2')).toBe(false)
    expect(policy.allows('10.9.8.7')).toBe(true)
    expect(() => new AddressPolicy(['nope'])).toThrow(/not an IP address/)
  })

  it('refuses before connecting: blocked hosts, names that resolve to loopback, other schemes', async () => {
    const policy = new AddressPolicy()
    const call = (url: string) =>
      guardedRequest(
        { method: 'GET', url, headers: {}, signal: new AbortController().signal, maxBytes: 100 },
        policy,
      )
    await expect(call('http://127.0.0.1:9/x?token=abc')).rejects.toMatchObject({
      code: 'WORKFLOW_HTTP_BLOCKED',
    })
    await expect(call('http://localhost:9/')).rejects.toMatchObject({ code: 'WORKFLOW_HTTP_BLOCKED' })
    await expect(call('http://[::1]:9/')).rejects.toMatchObject({ code: 'WORKFLOW_HTTP_BLOCKED' })
    await expect(call('file:///etc/passwd')).rejects.toMatchObject({ code: 'WORKFLOW_HTTP_BLOCKED' })
    await expect(call('http://127.0.0.1:9/x?token=abc')).rejects.not.toThrow(/token=abc/)
  })
})
