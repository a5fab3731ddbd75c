// Edit-to-findings latency, measured in the page (issue 13: "an edit to
// visible findings <= 100 ms at the 95th percentile"). For every input that
// changes the project (each call of the `Editor` methods), from the moment
// of the input to the moment the findings that include it are in the DOM
// and painted, as User Timing measures the end-to-end test reads with
// `performance.getEntriesByName(EDIT_TO_FINDINGS)`:
//
// - EDIT_TO_FINDINGS: input to painted, the whole;
// - EDIT_WAIT: input to the batch being sent (the debounce, if any, and an
//   earlier batch still on its way);
// - EDIT_BACKEND: the `edit` IPC round trip (apply, check, serialise);
// - EDIT_RENDER: the answer taken to the DOM flushed (Svelte);
// - EDIT_PAINT: the flush to the frame after it (layout, paint), of which
//   EDIT_FRAME is the frame's own work (its animation frame callback to the
//   task after it; the rest waits for the frame).
//
// Always on (it is the real edit path that is measured): a few numbers per
// keystroke, cleared past `CAP` entries so a long session cannot grow them.

import { tick } from 'svelte';

export const EDIT_TO_FINDINGS = 'techfile:edit-to-findings';
export const EDIT_WAIT = 'techfile:edit-wait';
export const EDIT_BACKEND = 'techfile:edit-backend';
export const EDIT_RENDER = 'techfile:edit-render';
export const EDIT_PAINT = 'techfile:edit-paint';
export const EDIT_FRAME = 'techfile:edit-frame';

const NAMES = [EDIT_TO_FINDINGS, EDIT_WAIT, EDIT_BACKEND, EDIT_RENDER, EDIT_PAINT, EDIT_FRAME];
const CAP = 5000;

/** Now, on the clock the measures use. */
export function now(): number {
  return typeof performance === 'undefined' ? 0 : performance.now();
}

/** The time of the input being handled: the event's own time stamp when an
 * event is being dispatched (the edit is made from its handler), so the
 * measure includes the handlers that ran before the edit; else now. */
export function inputTime(): number {
  const t = now();
  const ev = (globalThis as { event?: unknown }).event;
  return ev instanceof Event && ev.timeStamp > 0 && ev.timeStamp <= t ? ev.timeStamp : t;
}

function measure(name: string, start: number, end: number) {
  try {
    performance.measure(name, { start, end });
  } catch {
    // No User Timing level 3 (an old engine, the test DOM): no figures.
  }
}

/** The next frame, once rendered: a task queued from an animation frame
 * callback runs after that frame's layout and paint. The time of the
 * callback (the frame's start), or undefined without frames. */
function painted(): Promise<number | undefined> {
  if (typeof requestAnimationFrame === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const frame = now();
      setTimeout(() => resolve(frame), 0);
    }),
  );
}

/** Records the measures of the inputs made at `inputs`, whose batch was
 * sent at `sent` and answered (its findings taken) at `answered`; resolves
 * once the findings are painted. */
export async function findingsShown(inputs: number[], sent: number, answered: number): Promise<void> {
  if (inputs.length === 0 || typeof performance === 'undefined') return;
  await tick();
  const flushed = now();
  const frame = await painted();
  const end = now();
  if (performance.getEntriesByName(EDIT_TO_FINDINGS).length > CAP) {
    for (const n of NAMES) performance.clearMeasures(n);
  }
  for (const t of inputs) {
    measure(EDIT_TO_FINDINGS, t, end);
    measure(EDIT_WAIT, t, sent);
  }
  measure(EDIT_BACKEND, sent, answered);
  measure(EDIT_RENDER, answered, flushed);
  measure(EDIT_PAINT, flushed, end);
  if (frame !== undefined) measure(EDIT_FRAME, frame, end);
}
