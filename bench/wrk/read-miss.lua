-- Random users out of many, as an admin: (nearly) every request misses the cache.
package.path = os.getenv('BENCH_WRK_DIR') .. '/?.lua;' .. package.path
local report = require('report')
local cpfs = {}
for line in io.lines(os.getenv('BENCH_CPFS_FILE')) do cpfs[#cpfs + 1] = line end
wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('BENCH_TOKEN')

function setup(thread) thread:set('seed', math.random(1, 2 ^ 30)) end
function init() math.randomseed(tonumber(seed) or os.time()) end
function request()
  return wrk.format('GET', '/v1/users/' .. cpfs[math.random(1, #cpfs)])
end
done = report.done
