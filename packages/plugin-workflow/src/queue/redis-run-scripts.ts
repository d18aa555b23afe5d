/**
 * The Lua scripts of the Redis run store. Each does in one round trip (and atomically) what would
 * otherwise take several: a run's start is one script, a step's save one, a run's end one.
 */

// The admission part shared by ADMIT and OPEN. KEYS[a], KEYS[w], KEYS[s]: active set, waiting zset,
// sequence; id, limit, max waiting, evict ('1'/'0'). Leaves `out` and `evicted`. `fresh`: the id is
// new (OPEN), so it holds no slot yet and is not looked up.
const admit = (
  a: number,
  w: number,
  s: number,
  id: string,
  limit: string,
  max: string,
  evict: string,
  fresh = false,
) => `
local evicted = {}
if ${evict} == '1' then
  evicted = redis.call('SMEMBERS', KEYS[${a}])
  for _, id in ipairs(redis.call('ZRANGE', KEYS[${w}], 0, -1)) do table.insert(evicted, id) end
  redis.call('DEL', KEYS[${a}], KEYS[${w}])
end
local out = 'full'
if ${fresh ? 'false' : `redis.call('SISMEMBER', KEYS[${a}], ${id}) == 1`} then
  out = 'start'
elseif redis.call('SCARD', KEYS[${a}]) < tonumber(${limit}) then
  redis.call('SADD', KEYS[${a}], ${id})
  out = 'start'
elseif redis.call('ZCARD', KEYS[${w}]) < tonumber(${max}) then
  redis.call('ZADD', KEYS[${w}], redis.call('INCR', KEYS[${s}]), ${id})
  out = 'wait'
end
`

// The release part shared by RELEASE and CLOSE. KEYS[a], KEYS[w]: active set, waiting zset; id,
// limit. Returns the promoted run id or false.
const release = (a: number, w: number, id: string, limit: string) => `
redis.call('SREM', KEYS[${a}], ${id})
redis.call('ZREM', KEYS[${w}], ${id})
if redis.call('SCARD', KEYS[${a}]) < tonumber(${limit}) then
  local next = redis.call('ZPOPMIN', KEYS[${w}])
  if next[1] then
    redis.call('SADD', KEYS[${a}], next[1])
    return next[1]
  end
end
return false
`

/** KEYS: active set, waiting zset, sequence. ARGV: run id, limit, max waiting, evict. Returns { outcome, ...evicted }. */
export const ADMIT = `${admit(1, 2, 3, 'ARGV[1]', 'ARGV[2]', 'ARGV[3]', 'ARGV[4]')}
table.insert(evicted, 1, out)
return evicted
`

/** KEYS: active set, waiting zset. ARGV: run id, limit. Returns the promoted run id or false. */
export const RELEASE = release(1, 2, 'ARGV[1]', 'ARGV[2]')

/** KEYS: claim key. ARGV: run id. Deletes the claim only when this run holds it. */
export const UNCLAIM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

/**
 * A new run in one step. KEYS: run record, active set, waiting zset, sequence, recent zset, claim
 * key. ARGV: run id, record JSON, limit, max waiting, evict, now, recent cap, claim ttl ms ('' for
 * no claim). Claims the key (or returns { 'duplicate', holder }), saves the record, takes a slot or
 * a place and, unless refused, adds the run to the recent list. Returns { outcome, ...evicted }.
 */
export const OPEN = `
if ARGV[8] ~= '' then
  if not redis.call('SET', KEYS[6], ARGV[1], 'PX', ARGV[8], 'NX') then
    return {'duplicate', redis.call('GET', KEYS[6]) or ''}
  end
end
redis.call('SET', KEYS[1], ARGV[2])
${admit(2, 3, 4, 'ARGV[1]', 'ARGV[3]', 'ARGV[4]', 'ARGV[5]', true)}
if out ~= 'full' then
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -tonumber(ARGV[7]) - 1)
end
table.insert(evicted, 1, out)
return evicted
`

/**
 * Saves a run that has not finished. KEYS: run record, finished zset, cancel key. ARGV: run id,
 * record JSON. Returns 1 when the run was asked to stop (its cancel key exists), else 0.
 */
export const SAVE = `
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('EXISTS', KEYS[3])
`

/**
 * Saves a finished run and frees its slot in one step. KEYS: run record, finished zset, active
 * set, waiting zset. ARGV: run id, record JSON, ttl ms, now, max finished runs, run key prefix,
 * cancel key prefix, slot limit ('' keeps the slot). Saves the record with its time to live, drops
 * the oldest finished runs over the cap, then (with a limit) frees the slot and moves the next
 * waiting run into it. Returns that run's id or false.
 */
export const CLOSE = `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #popped, 2 do redis.call('DEL', ARGV[6] .. popped[i], ARGV[7] .. popped[i]) end
end
if ARGV[8] == '' then return false end
${release(3, 4, 'ARGV[1]', 'ARGV[8]')}
`
