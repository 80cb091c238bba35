import autocannon from 'autocannon';

/** One hot path: what autocannon sends, in turn. */
export interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Bodies sent in turn (a follow, then an unfollow, say). */
  bodies?: string[];
}

export interface Saturation {
  requestsPerSecond: number;
  /** Answers that were not 2xx/3xx, plus errors and timeouts. */
  failures: number;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

function options(base: string, target: Target) {
  const requests = (target.bodies ?? [undefined]).map((body) => ({
    method: target.method,
    path: target.path,
    ...(body === undefined ? {} : { body }),
  }));
  return {
    url: base,
    headers: {
      ...(target.bodies ? { 'content-type': 'application/json' } : {}),
      ...target.headers,
    },
    requests,
  };
}

const failures = (result: autocannon.Result) => result.non2xx + result.errors + result.timeouts;

/** Requests per second at saturation: 50 connections sending as fast as answers come. */
export async function saturate(base: string, target: Target, seconds: number): Promise<Saturation> {
  const result = await autocannon({ ...options(base, target), connections: 50, duration: seconds });
  return { requestsPerSecond: result.requests.average, failures: failures(result) };
}

/** p50 and p99 latency at a fixed offered rate, below saturation. */
export async function atRate(
  base: string,
  target: Target,
  seconds: number,
  rate: number,
): Promise<Latency> {
  const result = await autocannon({
    ...options(base, target),
    connections: 20,
    overallRate: rate,
    duration: seconds,
  });
  return { p50Ms: result.latency.p50, p99Ms: result.latency.p99, failures: failures(result) };
}
