-- Applies one batch's pre-aggregated increments to the realtime windows, at most once.
-- KEYS[1]: the fence hash (Kafka partition -> next offset whose effects are not in Redis yet)
-- KEYS[2..]: the keys the operations touch, all in the fence's slot (one key group)
-- ARGV[1]: partition, ARGV[2]: from offset, ARGV[3]: to offset, ARGV[4]: fence TTL in ms
-- ARGV[5..]: operations, each "op, k, expireAtMillis, n" on key KEYS[1 + k], followed by its n (H, Z)
--            pairs or n elements (P): H = HINCRBY field delta, Z = ZINCRBY member delta, P = PFADD.
-- Returns {1, to} when applied, {0, fence} when already applied, {-1, fence} when Redis is
-- missing effects before `from` (the caller then rebuilds [fence, to) from PostgreSQL).
local fence = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local from = tonumber(ARGV[2])
local to = tonumber(ARGV[3])
if fence ~= from then
  if fence >= to then
    return {0, fence}
  end
  return {-1, fence}
end

local i = 5
local argc = #ARGV
while i <= argc do
  local op, key, expire_at, n = ARGV[i], KEYS[1 + tonumber(ARGV[i + 1])], ARGV[i + 2], tonumber(ARGV[i + 3])
  i = i + 4
  if op == 'H' then
    for j = 0, n - 1 do
      redis.call('HINCRBY', key, ARGV[i + 2 * j], ARGV[i + 2 * j + 1])
    end
    i = i + 2 * n
  elseif op == 'Z' then
    for j = 0, n - 1 do
      redis.call('ZINCRBY', key, ARGV[i + 2 * j + 1], ARGV[i + 2 * j])
    end
    i = i + 2 * n
  elseif op == 'P' then
    local j = 0
    while j < n do
      local m = math.min(n - j, 1000)
      redis.call('PFADD', key, unpack(ARGV, i + j, i + j + m - 1))
      j = j + m
    end
    i = i + n
  else
    return redis.error_reply('apply_batch: unknown operation ' .. tostring(op))
  end
  redis.call('PEXPIREAT', key, expire_at)
end

redis.call('HSET', KEYS[1], ARGV[1], to)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, to}
