export { freePort, integration, onPath, startRedisServer, type TestRedis } from './servers.js'
