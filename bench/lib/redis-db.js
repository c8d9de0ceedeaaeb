// The Redis database the bench owns (BENCH_REDIS_DB, 9 by default): every service under test
// keeps its keys there, it is emptied before cache-miss rounds and at the end of the run.
const { createClient } = require('redis');
const { onCleanup } = require('./processes');

const DB = Number(process.env.BENCH_REDIS_DB ?? 9);
const REDIS_URL = `${process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379'}/${DB}`;

async function openRedisDb() {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  await client.flushDb();
  onCleanup(async () => {
    await client.flushDb();
    await client.quit();
  });
  return { url: REDIS_URL, flush: () => client.flushDb() };
}

module.exports = { openRedisDb };
