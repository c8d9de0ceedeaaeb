-- The same user, again and again, as an admin: every request after the first is a cache hit.
package.path = os.getenv('BENCH_WRK_DIR') .. '/?.lua;' .. package.path
local report = require('report')
wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('BENCH_TOKEN')
wrk.path = '/v1/users/' .. os.getenv('BENCH_CPF')
done = report.done
