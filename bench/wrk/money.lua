-- Transfers (BENCH_MOVE=transfer) between random pairs of accounts, or deposits
-- (BENCH_MOVE=deposit) into random accounts through the sandbox gateway; a unique
-- Idempotency-Key on every request.
package.path = os.getenv('BENCH_WRK_DIR') .. '/?.lua;' .. package.path
local report = require('report')
local accounts = {}
for line in io.lines(os.getenv('BENCH_ACCOUNTS_FILE')) do accounts[#accounts + 1] = line end
local move = os.getenv('BENCH_MOVE')
local prefix = os.getenv('BENCH_KEY_PREFIX')
local counter = 0
wrk.method = 'POST'
wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('BENCH_TOKEN')
wrk.headers['Content-Type'] = 'application/json'

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set('id', threads)
end
function init() math.randomseed((tonumber(id) or 1) * 7919 + os.time()) end

function request()
  counter = counter + 1
  wrk.headers['Idempotency-Key'] = string.format('%s-%s-%d', prefix, tostring(id), counter)
  local amount = math.random(1, 100)
  if move == 'deposit' then
    local to = accounts[math.random(1, #accounts)]
    return wrk.format(nil, '/v1/accounts/' .. to .. '/deposits',
      nil, string.format('{"amount":%d,"currency":"BRL","source":"tok_bench"}', amount))
  end
  local from = math.random(1, #accounts)
  local to = math.random(1, #accounts - 1)
  if to >= from then to = to + 1 end
  return wrk.format(nil, '/v1/transfers', nil,
    string.format('{"fromAccountId":"%s","toAccountId":"%s","amount":%d,"currency":"BRL"}', accounts[from], accounts[to], amount))
end
done = report.done
