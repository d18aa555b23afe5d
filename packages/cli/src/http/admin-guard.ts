import { createHash } from 'node:crypto'
import type { AuditActor, Bot } from '@banter/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { adminTokenMatches } from './admin-token.js'

/** Checks the admin token of a request; answers 403/401 (and audits the refusal) when it fails. */
export type AdminGuard = (request: FastifyRequest, reply: FastifyReply) => boolean

/** The audit identity of the admin token: a short fingerprint, never the token. */
export function tokenActor(token: string, request: FastifyRequest): AuditActor {
  const id = `token:${createHash('sha256').update(token).digest('hex').slice(0, 8)}`
  return { kind: 'token', id, from: request.ip }
}

/**
 * The guard of `/api/*` and of admin plugin routes: Bearer `http.adminToken`, compared in constant
 * time. A missing or wrong token is answered 401 and recorded in the audit log (without the token).
 */
export function adminGuard(bot: Bot, adminToken: string | undefined): AdminGuard {
  return (request, reply) => {
    if (!adminToken) {
      void reply
        .code(403)
        .send({ error: 'the admin API is off', hint: 'Set http.adminToken in banter.config.yaml.' })
      return false
    }
    if (adminTokenMatches(adminToken, request.headers.authorization)) return true
    const given = request.headers.authorization ? 'wrong token' : 'no token'
    const route = `${request.method} ${request.url.split('?')[0]}`
    void bot.admin
      .refused({ kind: 'token', id: given, from: request.ip }, 'http', route, `${given} for the admin API`)
      .catch(() => undefined)
    void reply.code(401).send({
      error: 'missing or wrong admin token',
      hint: 'Send Authorization: Bearer <http.adminToken>.',
    })
    return false
  }
}
