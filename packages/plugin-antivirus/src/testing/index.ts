export {
  BLOCKLISTED_PAYLOAD,
  BLOCKLISTED_PAYLOAD_NAME,
  eicar,
  sha256Hex,
  TEST_MARKER,
  TEST_MARKER_NAME,
  uniqueBytes,
} from './samples.js'
export {
  CLAM_TEST_FILE_HDB,
  findBinary,
  type RunningClamd,
  type StartClamdOptions,
  startClamd,
} from './start-clamd.js'
