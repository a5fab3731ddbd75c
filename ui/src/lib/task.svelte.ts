// One helper for the UI's backend actions (open, save, export, imports):
// `busy` while one runs (buttons disable on it), the error message of the
// last one that failed, and no second start while one runs.

import { untrack } from 'svelte';
import { toApiError, type ApiError } from './api';

export class Task {
  busy = $state(false);
  /** The message of the last failure; cleared when the next run starts. */
  error = $state('');

  /** Runs `fn` unless a run is under way; its result, or undefined when it
   * failed (then `error` says why and `onError`, if given, is told) or did
   * not start. */
  async run<T>(fn: () => Promise<T>, onError?: (e: ApiError) => void): Promise<T | undefined> {
    // Read untracked: a run started from an effect must not re-run it.
    if (untrack(() => this.busy)) return undefined;
    this.busy = true;
    this.error = '';
    try {
      return await fn();
    } catch (e) {
      const err = toApiError(e);
      this.error = err.message;
      onError?.(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
