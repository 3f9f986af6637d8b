/**
 * Small builders for the metric families troupe exposes, on a prom-client `Registry`: gauges
 * and counters whose values are read at scrape time (`collect`), and histograms whose buckets
 * were counted elsewhere (the kernel's, in milliseconds) and are only shown here, in seconds.
 * It owns the shapes, not what is measured (`kernel-metrics.ts`, `mcp-metrics.ts`, …).
 */
import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import { DURATION_BUCKETS_MS, type DurationHistogram } from '../../kernel/index.js';

export type Labels = Readonly<Record<string, string>>;
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** A gauge whose samples are read at each scrape. */
export function collectedGauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  read: () => Promise<readonly Sample[]>,
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: [...labelNames],
    registers: [registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const { labels, value } of samples) this.set(labels, value);
    },
  });
}

/** A counter whose totals are read at each scrape (a total that went down — a replaced thread — is a counter reset). */
export function collectedCounter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  read: () => Promise<readonly Sample[]>,
): Counter {
  return new Counter({
    name,
    help,
    labelNames: [...labelNames],
    registers: [registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const { labels, value } of samples) this.inc(labels, Math.max(0, value));
    },
  });
}

/** A histogram in seconds from a kernel histogram counted in milliseconds (`DURATION_BUCKETS_MS`). */
export function bucketedHistogram(
  registry: Registry,
  name: string,
  help: string,
  read: () => Promise<DurationHistogram>,
): void {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const { counts, sumMs } = await read();
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      let cumulative = 0;
      DURATION_BUCKETS_MS.forEach((boundMs, i) => {
        cumulative += counts[i] ?? 0;
        values.push({ labels: { le: boundMs / 1000 }, value: cumulative, metricName: `${name}_bucket` });
      });
      cumulative += counts[DURATION_BUCKETS_MS.length] ?? 0;
      values.push({ labels: { le: '+Inf' }, value: cumulative, metricName: `${name}_bucket` });
      values.push({ labels: {}, value: sumMs / 1000, metricName: `${name}_sum` });
      values.push({ labels: {}, value: cumulative, metricName: `${name}_count` });
      return { name, help, type: 'histogram', values, aggregator: 'sum' };
    },
    reset() {},
  };
  registry.registerMetric(metric as unknown as Metric);
}

/** Read once per scrape: every family of one scrape sees the same figures. */
export function perScrape<T>(read: () => Promise<T>, freshMs = 250): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = performance.now();
    if (last === null || now - last.at > freshMs) {
      const value = read();
      last = { at: now, value };
      value.catch(() => {
        last = null;
      });
    }
    return last.value;
  };
}
