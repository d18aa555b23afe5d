export { AntivirusPlugin, AntivirusPlugin as default } from './antivirus-plugin.js'
export { BuiltinEngine } from './engines/builtin/builtin-engine.js'
export { isEicar } from './engines/builtin/eicar.js'
export { inspectZip, type ZipInspection, type ZipLimits } from './engines/builtin/zip-inspector.js'
export { ClamavEngine } from './engines/clamav/clamav-engine.js'
export { type ClamdAddress, ClamdClient, type ClamdClientOptions } from './engines/clamav/clamd-client.js'
export { parseClamdReply } from './engines/clamav/clamd-reply.js'
export type { FileEngine } from './engines/file-engine.js'
export { ANTIVIRUS_ERRORS, type AntivirusErrorCode } from './errors.js'
export { DomainSet } from './lists/domain-set.js'
export { MessageScanner, type MessageScannerOptions } from './message/message-scanner.js'
export {
  ACTIONS,
  type AntivirusOptions,
  antivirusOptionsSchema,
  type ResolvedAntivirusOptions,
  type ThreatAction,
} from './options.js'
export type { FileScanResult } from './scan/file-scanner.js'
export type { QuarantineRecord } from './storage/quarantine-store.js'
export { type EngineVerdict, type FindingKind, type FoundThreat, THREAT } from './threats.js'
