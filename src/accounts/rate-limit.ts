import type { Clock } from "./clock.js";

/**
 * Counts attempts per key in fixed windows and says when a key has used up its window.
 *
 * NOTE: the counts live in this process's memory, so each server instance limits on its own
 * and a restart clears them. The per-account lockout, stored in the database, still holds
 * across instances.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt for `key`. Returns false when the key had already reached its limit. */
  take(key: string): boolean {
    const now = this.clock().getTime();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      this.prune(now);
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    if (window.count >= this.limit) return false;
    window.count += 1;
    return true;
  }

  /** Gives back one attempt of `key` in its current window, for an attempt that succeeded. */
  release(key: string): void {
    const window = this.windows.get(key);
    if (window && window.count > 0) window.count -= 1;
  }

  /** Drops finished windows once the map grows, so that many addresses cannot fill memory. */
  private prune(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}
