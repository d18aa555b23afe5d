import { SnowflakeUtil } from 'discord.js'

/**
 * A new snowflake id, time-ordered and 18–19 digits long like Discord's (discord.js derives
 * rate-limit buckets and timestamps from ids, so short ids would not do).
 */
export function snowflake(): string {
  return SnowflakeUtil.generate().toString()
}
