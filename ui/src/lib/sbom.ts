// The sbom part as the UI edits it (generated from src/model/sbom.rs) and the
// report of an SBOM import (src-tauri/src/sbom_commands.rs). Sorting,
// filtering and windowing of the component table live here so they are
// tested without a webview.

import type { TechFile, Update } from './types';

// The sbom part's model types, generated from src/model/sbom.rs.
export type {
  Assessment,
  Component,
  Hash,
  Rating,
  SbomDocument,
  SbomPart,
  Soup,
  Vulnerability,
} from './generated/techfile';

import type { Component, SbomPart, Soup } from './generated/techfile';

/** The project after a VEX import, with the assessments applied. */
export interface VexImport {
  /** The sbom part as the import left it, and the findings. */
  update: Update;
  imported: number;
  warnings: string[];
}

export interface SbomImport {
  /** The parts the import changed (sbom, software_items), and the findings. */
  update: Update;
  imported: number;
  item: string;
  added: string[];
  removed: string[];
  changed: string[];
  warnings: string[];
}

export const SOUP_FIELDS: [keyof Soup, string][] = [
  ['requirements', 'Functional and performance requirements (IEC 62304 5.3.3)'],
  ['required_hw_sw', 'Required hardware and software (5.3.4)'],
  ['hazardous_situations', 'Hazardous situations (7.1.2)'],
  ['anomaly_review_date', 'Anomaly list reviewed on (7.1.3)'],
  ['anomaly_review_result', 'Anomaly list review result (7.1.3)'],
  ['support_level', 'Level of support (FDA)'],
  ['end_of_support', 'End of support (FDA)'],
];

export type SortKey = 'name' | 'version' | 'type' | 'supplier' | 'licenses';

export function sbomPart(tf: TechFile): SbomPart | null {
  const s = tf.sbom as SbomPart | undefined;
  return s && Array.isArray(s.components) ? s : null;
}

/** Indices into `components` that match the item, type and search text, sorted. */
export function visibleRows(
  components: Component[],
  item: string,
  type: string,
  search: string,
  sort: SortKey,
  desc: boolean,
): number[] {
  const q = search.trim().toLowerCase();
  const key = (c: Component): string => (sort === 'licenses' ? c.licenses.join(' ') : String(c[sort] ?? ''));
  const rows: number[] = [];
  components.forEach((c, i) => {
    if (item && !c.items.includes(item)) return;
    if (type && c.type !== type) return;
    if (q && !`${c.name} ${c.version} ${c.supplier} ${c.purl} ${c.licenses.join(' ')}`.toLowerCase().includes(q)) return;
    rows.push(i);
  });
  rows.sort((a, b) => {
    const r = key(components[a]).localeCompare(key(components[b]), undefined, { numeric: true });
    return desc ? -r : r;
  });
  return rows;
}

/** The slice of rows to render for a scroll position (fixed row height). */
export function windowOf(total: number, scrollTop: number, rowHeight: number, height: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last, top: first * rowHeight, bottom: (total - last) * rowHeight };
}
