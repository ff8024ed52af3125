-- One request against a rate limit, by the generic cell rate algorithm (GCRA): the key holds the
-- theoretical arrival time (TAT) of the next request at the sustained rate; a request is allowed
-- when the TAT is at most `burst` intervals ahead of now. Time is Redis's own, so instances agree.
-- KEYS[1]: the limit's state (one per API key and endpoint class)
-- ARGV[1]: interval between requests at the sustained rate, ms; ARGV[2]: burst (requests at once)
-- Returns {allowed 1|0, remaining requests, ms until a request is allowed, ms until the burst is whole}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then
  tat = now
end
local next_tat = tat + interval
local allowed_at = next_tat - interval * burst
if now < allowed_at then
  return {0, 0, math.ceil(allowed_at - now), math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now))
return {1, math.floor((now - allowed_at) / interval), 0, math.ceil(next_tat - now)}
