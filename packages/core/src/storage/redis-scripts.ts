/**
 * The Lua scripts of the Redis driver. Redis runs a script as one atomic step, so each of these is
 * atomic across every process using the server. Records are Keyv's JSON (`{"value":…,"expires":…}`);
 * numbers are written with 17 significant digits, which round-trips any double exactly.
 *
 * @internal
 */

/**
 * KEYS[1]; ARGV: the expected record, '1' when one is expected ('0': the key must be absent), the next
 * record ('' deletes), its PX in ms ('' for none). Returns 1 when it swapped, 0 when the key had changed.
 */
export const SWAP_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if ARGV[2] == '1' then
  if current ~= ARGV[1] then return 0 end
elseif current then
  return 0
end
if ARGV[3] == '' then
  if current then redis.call('DEL', KEYS[1]) end
elseif ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
end
return 1
`

/**
 * KEYS[1]; ARGV: by, now (epoch ms), ttl ms ('' keeps the expiry). Returns the new number as text, or
 * false when the record holds something else, or an error when the sum is not finite.
 */
export const INCREMENT_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[2])
local value = 0
local expires = nil
local keep = false
if raw then
  local ok, record = pcall(cjson.decode, raw)
  if not ok or type(record) ~= 'table' then return false end
  local e = record['expires']
  if type(e) == 'number' and e < now then
    raw = false
  else
    if type(record['value']) ~= 'number' then return false end
    value = record['value']
    if type(e) == 'number' then expires = e end
    keep = true
  end
end
value = value + tonumber(ARGV[1])
if value ~= value or value == math.huge or value == -math.huge then
  return redis.error_reply('BANTER_NOT_FINITE the sum is not a finite number')
end
local text = string.format('%.17g', value)
if ARGV[3] ~= '' then
  expires = now + tonumber(ARGV[3])
end
local record = '{"value":' .. text
if expires then record = record .. ',"expires":' .. string.format('%.17g', expires) end
record = record .. '}'
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], record, 'PX', ARGV[3])
elseif keep then
  redis.call('SET', KEYS[1], record, 'KEEPTTL')
else
  redis.call('SET', KEYS[1], record)
end
return text
`

/** KEYS[1] the lease; ARGV: token, ttl ms. Extends the lease if the token holds it. */
export const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`

/** KEYS[1] the lease; ARGV: token. Deletes the lease if the token holds it. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`
