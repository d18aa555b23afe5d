export { type ResolvedTimestampOptions, type TimestampOptions, timestampOptionsSchema } from './options.js'
export { TimestampPlugin, TimestampPlugin as default } from './timestamp-plugin.js'
