export { propertyRuns, propertySeed } from './property-runs.js'
export { freePort, integration, onPath, startRedisServer, type TestRedis } from './servers.js'
export { until } from './until.js'
export { startVerdaccio, type TestRegistry, verdaccioBin } from './verdaccio.js'
