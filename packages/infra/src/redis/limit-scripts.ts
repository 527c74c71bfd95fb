/**
 * The Lua scripts of the task-type limits (limit-counter.ts). Each runs atomically in Redis and reads
 * the time from Redis (TIME), so every worker counts on one clock whatever its own.
 *
 * Concurrency: a sorted set per scope, members are holders, scores their expiry (ms). Expired holders
 * (a worker killed with -9 stops renewing) are dropped before counting.
 * Rate: a sliding-window log per scope, members are holders, scores when they took their token.
 * rate-limiter-flexible (used by the API's own limits) counts fixed windows, which lets 2 x max
 * through in a window that straddles a boundary: a task type's rate must hold in every window, so
 * the log is kept here instead, a few lines of Lua.
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS[1] the set; ARGV: limit, leaseMs, holders... Returns { how many of the holders (the first n)
 * got a slot, ms until the earliest holder's slot expires unless renewed } (a killed worker's slot
 * frees then: those left over try again at that time at the latest).
 */
export const ACQUIRE_SLOTS = `${NOW}
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local free = limit - redis.call('ZCARD', KEYS[1])
local got = 0
for i = 3, #ARGV do
  if got >= free then break end
  redis.call('ZADD', KEYS[1], now + lease, ARGV[i])
  got = got + 1
end
if got > 0 then redis.call('PEXPIRE', KEYS[1], lease * 2) end
local wait = lease
if got < #ARGV - 2 then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if first[2] then wait = tonumber(first[2]) - now end
end
return { got, wait }`;

/**
 * KEYS[1] the set; ARGV: leaseMs, holders... Sets the holders' expiry to a lease from now. A holder
 * is added back if it had expired (Redis out of reach for longer than a lease): the set must count
 * every task that runs, even when that puts it over the limit for a moment (new holders then wait).
 */
export const RENEW_SLOTS = `${NOW}
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + lease, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], lease * 2)
return #ARGV - 1`;

/** KEYS[1] the set; ARGV: limit. Free slots now. */
export const FREE_SLOTS = `${NOW}
local free = tonumber(ARGV[1]) - redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
if free < 0 then return 0 end
return free`;

/**
 * KEYS[1] the log; ARGV: max, windowMs, holders... A holder takes a token while fewer than max were
 * taken in the last windowMs. Returns { taken, now, scores of the oldest entries (up to max) when
 * some holders got none } so the caller can tell each of those when a token frees.
 */
export const TAKE_TOKENS = `${NOW}
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
local got = 0
for i = 3, #ARGV do
  if n + got >= max then break end
  redis.call('ZADD', KEYS[1], now, ARGV[i])
  got = got + 1
end
redis.call('PEXPIRE', KEYS[1], window + 1000)
local out = { got, now }
if got < #ARGV - 2 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, max - 1, 'WITHSCORES')
  for i = 2, #oldest, 2 do out[#out + 1] = tonumber(oldest[i]) end
end
return out`;
