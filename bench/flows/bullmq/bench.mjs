// BullMQ 5: COUNT trivial jobs added by 16 concurrent producers (as the engine bench starts flows), processed by one
// Worker with CONCURRENCY. Prints jobs/s (first add → last completion) and enqueue→start latency percentiles.
// Usage: node bench.mjs REDIS_PORT [COUNT] [CONCURRENCY]
import { Queue, Worker } from 'bullmq';

const [port, count = '2000', concurrency = '8'] = process.argv.slice(2);
const total = Number(count);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };
const name = `bench-${Date.now()}`;
const queue = new Queue(name, { connection });
const latencies = [];
let done = 0;
let finished;
const allDone = new Promise((resolve) => { finished = resolve; });

const worker = new Worker(name, async (job) => {
  latencies.push(Date.now() - job.timestamp);
  return job.data.n;
}, { connection, concurrency: Number(concurrency), removeOnComplete: { count: 0 } });
worker.on('completed', () => { if (++done === total) finished(Date.now()); });
await worker.waitUntilReady();

const started = Date.now();
let next = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (next < total) {
    const n = next++;
    await queue.add('noop', { n }, { removeOnComplete: true });
  }
}));
const end = await allDone;

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
console.log(`bullmq_jobs_per_s=${(total / ((end - started) / 1000)).toFixed(1)} bullmq_p50_ms=${pct(0.5)} bullmq_p99_ms=${pct(0.99)}`);
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
