/**
 * Calls `run` once, `delayMs` after the last of a burst of triggers (re-validation as the user edits: one run when
 * they pause, not one per keystroke). Timers are injectable so tests need not wait.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Debouncer {
  trigger(): void;
  cancel(): void;
  readonly pending: boolean;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function debounce(run: () => void, delayMs: number, timers: Timers = realTimers): Debouncer {
  let handle: unknown = null;
  return {
    trigger() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = timers.setTimeout(() => {
        handle = null;
        run();
      }, delayMs);
    },
    cancel() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    get pending() {
      return handle !== null;
    },
  };
}

/** How long the pane waits after the last edit before re-validating. */
export const LIVE_DELAY_MS = 1500;
