// jsdom has no layout: CodeMirror measures text through Range rectangles,
// which jsdom lacks. Empty rectangles are enough for editing in tests.
// Imported by the tests that mount the chapter editor.

const empty = (): DOMRect => ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) }) as DOMRect;
const list = (): DOMRectList => Object.assign([], { item: () => null }) as unknown as DOMRectList;

if (typeof Range !== 'undefined') {
  Range.prototype.getBoundingClientRect ??= empty;
  Range.prototype.getClientRects ??= list;
}
if (typeof document !== 'undefined' && !document.elementFromPoint) {
  document.elementFromPoint = () => null;
}

export {};
