// The views of the editor, in sidebar order. Adding a view is one component
// in this folder plus one line here: `owns` lists the top-level model paths
// the view edits, so a click on a finding about `risk.entries[3]` opens the
// view that owns `risk`.

import type { Component } from 'svelte';
import type { TechFile } from '../lib/types';
import AiView from './AiView.svelte';
import ApplicabilityView from './ApplicabilityView.svelte';
import ChaptersView from './ChaptersView.svelte';
import CompareView from './CompareView.svelte';
import DeclarationView from './DeclarationView.svelte';
import DeviceView from './DeviceView.svelte';
import DocumentView from './DocumentView.svelte';
import DocumentsView from './DocumentsView.svelte';
import GsprView from './GsprView.svelte';
import PreviewView from './PreviewView.svelte';
import RiskView from './RiskView.svelte';
import SbomView from './SbomView.svelte';
import SoftwareItemsView from './SoftwareItemsView.svelte';
import StandardsView from './StandardsView.svelte';

export interface ViewDef {
  id: string;
  label: string;
  /** A short line under the label in the sidebar. */
  caption: string;
  owns: string[];
  component: Component<{ tf: TechFile }>;
}

export const views: ViewDef[] = [
  { id: 'document', label: 'Document control', caption: 'Identity, revisions, approvals', owns: ['document'], component: DocumentView },
  { id: 'device', label: 'Device', caption: 'MDR Annex II §1', owns: ['device'], component: DeviceView },
  { id: 'chapters', label: 'Chapters', caption: 'Narrative chapters, by clause', owns: ['chapters'], component: ChaptersView },
  { id: 'sbom', label: 'SBOM', caption: 'MDR Annex I §17.2, §17.4; IEC 62304 SOUP', owns: ['sbom'], component: SbomView },
  { id: 'risk', label: 'Risk', caption: 'ISO 14971, AI Act Art. 9', owns: ['risk'], component: RiskView },
  { id: 'ai', label: 'AI', caption: 'AI Act Annex IV, Art. 13', owns: ['ai'], component: AiView },
  // The registers (issue 13).
  { id: 'software-items', label: 'Software items', caption: 'IEC 62304 §4.3, §5.3', owns: ['software_items'], component: SoftwareItemsView },
  { id: 'documents', label: 'Document register', caption: 'Files, versions, SHA-256', owns: ['documents'], component: DocumentsView },
  { id: 'gspr', label: 'GSPR matrix', caption: 'MDR Annex I, Annex II 4', owns: ['gspr'], component: GsprView },
  { id: 'standards', label: 'Standards', caption: 'MDR Annex II 4(c)', owns: ['standards'], component: StandardsView },
  { id: 'applicability', label: 'Applicability', caption: 'MDR/IVDR, AI Act, CRA', owns: ['applicability'], component: ApplicabilityView },
  { id: 'declaration', label: 'Declaration', caption: 'EU declaration of conformity', owns: ['declaration'], component: DeclarationView },
  { id: 'compare', label: 'Compare', caption: 'What changed since a version', owns: [], component: CompareView },
  { id: 'preview', label: 'Preview', caption: 'The exported PDF', owns: [], component: PreviewView },
];

/** The view that owns a finding's path, if any. */
export function viewFor(path: string): ViewDef | undefined {
  const head = path.split(/[.[]/, 1)[0];
  return views.find((v) => v.owns.includes(head));
}
