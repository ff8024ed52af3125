-- The top products of a window by revenue, with their units, in one key group.
-- KEYS[1]: scratch key for the union; KEYS[2 .. n+1]: revenue sorted sets of the window's buckets;
-- KEYS[n+2 .. 2n+1]: units sorted sets of the same buckets, all in one slot.
-- ARGV[1]: n, ARGV[2]: how many products, or 0 for all of them.
-- Returns a flat list: productId, revenue in cents, units, ...
local n = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local revenue_keys = {}
for i = 1, n do
  revenue_keys[i] = KEYS[i + 1]
end
redis.call('ZUNIONSTORE', KEYS[1], n, unpack(revenue_keys))
local top = redis.call('ZREVRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
redis.call('DEL', KEYS[1])
local result = {}
for i = 1, #top, 2 do
  local product = top[i]
  local units = 0
  for k = 1, n do
    local score = redis.call('ZSCORE', KEYS[n + 1 + k], product)
    if score then
      units = units + tonumber(score)
    end
  end
  result[#result + 1] = product
  result[#result + 1] = top[i + 1]
  result[#result + 1] = tostring(units)
end
return result
