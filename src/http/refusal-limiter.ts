// Refused secrets per client address, in memory: each instance counts its own, so with N machines
// an address gets up to N × limit tries a window. The point is to make guessing slow and visible;
// a shared store (the database) would tighten the bound at the cost of a write per refusal.
import { isIP } from 'node:net';

export interface RefusalLimiterOptions {
  /** Refusals allowed per window before answers become 429. */
  limit?: number;
  windowMs?: number;
  now?: () => number;
  /** Addresses remembered at most (memory bound under a spray of addresses). */
  maxClients?: number;
}

/** IPv6 clients usually hold a whole /64: count them by it, or each could rotate addresses. */
export function limiterKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) fills two groups.
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class RefusalLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxClients: number;
  /** Per client key, the times of its latest refusals (at most `limit`), oldest first. */
  private readonly refusals = new Map<string, number[]>();

  constructor(o: RefusalLimiterOptions = {}) {
    this.limit = o.limit ?? 10;
    this.windowMs = o.windowMs ?? 60_000;
    this.now = o.now ?? Date.now;
    this.maxClients = o.maxClients ?? 10_000;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.refusals.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length) this.refusals.set(key, times);
    else this.refusals.delete(key);
    return times;
  }

  /** Seconds before this address may try again; 0 when it may now. */
  retryAfter(address: string): number {
    const now = this.now();
    const times = this.recent(limiterKey(address), now);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000));
  }

  /** Counts a refusal; returns true when this one reaches the limit (worth one log line). */
  refuse(address: string): boolean {
    const now = this.now();
    const key = limiterKey(address);
    const times = this.recent(key, now);
    times.push(now);
    this.refusals.set(key, times.slice(-this.limit));
    if (this.refusals.size > this.maxClients) this.sweep(now);
    return times.length === this.limit;
  }

  private sweep(now: number) {
    for (const key of [...this.refusals.keys()]) this.recent(key, now);
    // Still too many live addresses: forget the oldest first (Map keeps insertion order).
    for (const key of this.refusals.keys()) {
      if (this.refusals.size <= this.maxClients) break;
      this.refusals.delete(key);
    }
  }
}
