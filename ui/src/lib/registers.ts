// The register views (software items, document register, GSPR matrix,
// standards, applicability, declaration): the model types they edit, what
// the backend's register commands answer (src-tauri/src/register_commands.rs)
// and the GSPR matrix's filters and window.

import type { Update } from './types';

export type {
  AiActClass,
  Applicability,
  CraProduct,
  Declaration,
  DeviceRegulation,
  Document,
  DocumentStatus,
  EvidenceRef,
  GsprApplicability,
  GsprRow,
  SafetyClass,
  SoftwareItem,
  Standard,
  StandardExtent,
} from './generated/techfile';

import type { Document, GsprRow } from './generated/techfile';

/** What adding a file to the document register did (`DocumentFile`). */
export interface DocumentFile {
  update: Update;
  /** The register row that holds the file: `documents[index]`. */
  index: number;
  /** As recorded: relative to the project file where possible. */
  file: string;
  sha256: string;
  /** Bytes (shown; the register does not store it). */
  size: number;
  /** Why the path could not be made relative, if so. */
  note: string | null;
}

export type FileState = 'unchanged' | 'changed' | 'unrecorded' | 'missing' | 'invalid' | 'no-file';

/** One registered file, verified (`FileCheck`). */
export interface FileCheck {
  index: number;
  document_id: string;
  file: string;
  state: FileState;
  recorded: string;
  actual: string | null;
  message: string;
}

/** One requirement of MDR Annex I (`GsprRequirement`). */
export interface GsprRequirement {
  id: string;
  title: string;
  heading: boolean;
  needs_row: boolean;
}

export function emptyDocument(): Document {
  return { document_id: '', title: '', version: '', date: '', status: null, file: '', sha256: '', software_version: '' };
}

export function emptyGsprRow(requirement = ''): GsprRow {
  return {
    requirement,
    applicability: null,
    justification: '',
    method: '',
    standards: [],
    common_specifications: '',
    evidence: [],
    risk_links: [],
    requirements: [],
  };
}

/** The GSPR matrix's filters. */
export type GsprFilter = 'all' | 'open' | 'no-evidence' | 'dna-unjustified';

const blank = (s: string) => s.trim() === '';

/** A row that applies (fully or in part) and cites no evidence. */
export function missingEvidence(r: GsprRow): boolean {
  return (r.applicability === 'applies' || r.applicability === 'partly') && r.evidence.length === 0;
}

/** A row that does not apply and says not why. */
export function unjustifiedDna(r: GsprRow): boolean {
  return r.applicability === 'does-not-apply' && blank(r.justification);
}

/** A row still to be completed, as the gspr part's checks see it: no
 * applicability, no justification where it does not (fully) apply, no
 * method or no evidence where it applies. */
export function openRow(r: GsprRow): boolean {
  if (r.applicability === null) return true;
  if (r.applicability !== 'applies' && blank(r.justification)) return true;
  if (r.applicability !== 'does-not-apply' && (blank(r.method) || r.evidence.length === 0)) return true;
  return false;
}

/** The indices of the rows `filter` and `search` (requirement id, title,
 * method) keep, in matrix order. */
export function gsprRows(
  rows: GsprRow[],
  filter: GsprFilter,
  search = '',
  titleOf: (id: string) => string = () => '',
): number[] {
  const q = search.trim().toLowerCase();
  const keep = {
    all: () => true,
    open: openRow,
    'no-evidence': missingEvidence,
    'dna-unjustified': unjustifiedDna,
  }[filter];
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (!keep(r)) return;
    if (q && !`${r.requirement} ${titleOf(r.requirement)} ${r.method}`.toLowerCase().includes(q)) return;
    out.push(i);
  });
  return out;
}

/** What a row still lacks, in a few words (the matrix's status column). */
export function rowStatus(r: GsprRow): string {
  if (r.applicability === null) return 'applicability?';
  const lacks: string[] = [];
  if (r.applicability !== 'applies' && blank(r.justification)) lacks.push('justification');
  if (r.applicability !== 'does-not-apply') {
    if (blank(r.method)) lacks.push('method');
    if (r.evidence.length === 0) lacks.push('evidence');
  }
  return lacks.length ? `no ${lacks.join(', ')}` : 'complete';
}

/** Bytes as a reader says them. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A block of the declaration's Markdown, for a read-only rendering that
 * never interprets the text as HTML. */
export type Block =
  | { kind: 'h'; level: number; text: Inline[] }
  | { kind: 'p'; text: Inline[] }
  | { kind: 'ul' | 'ol'; items: Inline[][] };

export interface Inline {
  text: string;
  strong?: boolean;
  em?: boolean;
}

/** `**strong**` and `*emphasis*` runs; backslash escapes taken literally. */
export function inlines(s: string): Inline[] {
  const out: Inline[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const plain = (t: string) => t.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
  while ((m = re.exec(s)) !== null) {
    if (m.index > last) out.push({ text: plain(s.slice(last, m.index)) });
    if (m[1] !== undefined) out.push({ text: plain(m[1]), strong: true });
    else out.push({ text: plain(m[2]), em: true });
    last = re.lastIndex;
  }
  if (last < s.length) out.push({ text: plain(s.slice(last)) });
  return out;
}

/** Headings, paragraphs and lists of a Markdown text (what the declaration
 * template writes); anything else reads as a paragraph. */
export function blocks(md: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'p', text: inlines(para.join(' ')) });
    para = [];
  };
  for (const line of md.split('\n')) {
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const li = /^\s*(?:([-*+])|\d+[.)])\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push({ kind: 'h', level: h[1].length, text: inlines(h[2]) });
    } else if (li) {
      flush();
      const kind = li[1] ? 'ul' : 'ol';
      const prev = out[out.length - 1];
      if (prev && prev.kind === kind) prev.items.push(inlines(li[2]));
      else out.push({ kind, items: [inlines(li[2])] });
    } else if (line.trim() === '') {
      flush();
    } else {
      para.push(line.trim());
    }
  }
  flush();
  return out;
}
