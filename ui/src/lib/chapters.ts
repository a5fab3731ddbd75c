// The Chapters view's data from the backend (src-tauri/src/chapter_commands.rs):
// the clause catalogue chapters are tagged from, and what the fake backend
// answers for it in tests.

/** One clause of the catalogue (`techfile::model::clauses`). */
export interface ClauseItem {
  id: string;
  parent: string | null;
  /** Framework keyword: `mdr-annex-ii`, `aia-annex-iv`, ... */
  framework: string;
  framework_title: string;
  title: string;
  required: boolean;
  /** Whether its framework applies to the open project (`coverage::applicable`). */
  applicable: boolean;
}

/** A few clauses of the catalogue, for tests (the real one has hundreds). */
export const sampleClauses: ClauseItem[] = [
  { id: 'MDR-II-1', parent: null, framework: 'mdr-annex-ii', framework_title: 'MDR Annex II (technical documentation)', title: 'Device description and specification, including variants and accessories', required: true, applicable: true },
  { id: 'MDR-II-1.1(a)', parent: 'MDR-II-1', framework: 'mdr-annex-ii', framework_title: 'MDR Annex II (technical documentation)', title: 'Product or trade name and general description', required: true, applicable: true },
  { id: 'MDR-II-3', parent: null, framework: 'mdr-annex-ii', framework_title: 'MDR Annex II (technical documentation)', title: 'Design and manufacturing information', required: true, applicable: true },
  { id: 'MDR-I-23.2', parent: null, framework: 'mdr-annex-i', framework_title: 'MDR Annex I (general safety and performance requirements)', title: 'Information on the label', required: true, applicable: true },
  { id: 'IVDR-II-3', parent: null, framework: 'ivdr-annex-ii', framework_title: 'IVDR Annex II (technical documentation)', title: 'Design and manufacturing information', required: true, applicable: false },
];

/** The fake backend's preview: escaped text in paragraphs, `**bold**` as
 * strong (the real one is the library's Markdown path, sanitised). */
export function fakePreview(markdown: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return markdown
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${esc(p).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`)
    .join('\n');
}
