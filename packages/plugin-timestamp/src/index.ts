export { type ResolvedTimestampOptions, type TimestampOptions, timestampOptionsSchema } from './options.js'
export { TimestampPlugin } from './timestamp-plugin.js'
export { TimestampPlugin as default } from './timestamp-plugin.js'
