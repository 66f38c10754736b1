/**
 * The data an HTML report page is drawn from: plain JSON, embedded in the page and read by the page's
 * script (client/report-page.js). This file is the contract between the two; every text in it is shown
 * with textContent, never parsed as markup.
 */
import type { Lang } from '../../i18n/lang.js';
import type { PageLabels } from './labels.js';

/** One element of the topology graph, in cytoscape's element form. Ids are prefixed by what they are. */
export interface GraphElement {
  readonly group: 'nodes' | 'edges';
  readonly data: {
    /** `z:ZONE`, `s:SEGMENT`, `n:NODE`, `m:NODE:SEGMENT` (a node's link to a segment other than its home). */
    readonly id: string;
    readonly label?: string | undefined;
    /** The compound parent: a segment's zone, a node's home segment. */
    readonly parent?: string | undefined;
    readonly source?: string | undefined;
    readonly target?: string | undefined;
    /** Shown beside the graph when the element is clicked. */
    readonly info?: readonly string[] | undefined;
  };
  /** Space-separated style classes: `zone cls-MN`, `segment`, `node kind-firewall gateway`, `link` … */
  readonly classes: string;
  /** Where a leaf node is drawn (compounds take the box of their children). */
  readonly position?: { readonly x: number; readonly y: number } | undefined;
}

/** A rule (or route) that decided something, with where it is written. */
export interface RuleRef {
  readonly text: string;
  /** `file:line:column`, or `file:line`; absent when unknown. */
  readonly location?: string | undefined;
}

/** One step of a highlighted chain: a hop of a packet, or a link of an information-flow chain. */
export interface ChainStepData {
  /** Graph ids of the step's ends; absent when the name is not in the graph (it is then listed only). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly text: string;
  /** The rules that let the packet on (or the edge exist) at this step. */
  readonly rules: readonly RuleRef[];
}

/** A violation of verify, or a change of diff: listed, and drawn on the graph when selected. */
export interface FindingData {
  readonly id: string;
  /** The check (R1, a property name) or, for diff, the section. */
  readonly group: string;
  readonly title: string;
  /** `fail`, `new`, `removed`, `appeared`, `disappeared`. */
  readonly tone: string;
  readonly location?: string | undefined;
  readonly lines: readonly string[];
  /** The matrix cell the finding belongs to (`INET>MN`), when known. */
  readonly cells: readonly string[];
  readonly steps: readonly ChainStepData[];
  /** How the chain ends and the rules that decided it. */
  readonly outcome?: string | undefined;
  readonly deciding: readonly RuleRef[];
  /** Migrate: the state (index into `PageData.views`) whose network the chain is drawn on. */
  readonly view?: number | undefined;
}

export type CellStatus = 'holds' | 'violated' | 'changed' | 'unchanged' | 'not-checked' | 'unconstrained' | 'same';

export interface MatrixCellData {
  readonly from: string;
  readonly to: string;
  readonly status: CellStatus;
  /** One line for the cell's title; more lines for the detail panel. */
  readonly summary: string;
  readonly lines: readonly string[];
  /** Verify: the violations found in the cell, listed or not (0 for a cell that holds). */
  readonly count?: number | undefined;
}

export interface MatrixData {
  readonly caption: string;
  readonly classes: readonly string[];
  readonly cells: readonly MatrixCellData[];
}

export interface ExceptionData {
  readonly name: string;
  readonly justification: string;
  readonly expires?: string | undefined;
  readonly expired?: boolean | undefined;
  readonly appliesTo: string;
  readonly scope: string;
  readonly location?: string | undefined;
  /** Checks that used it in this run. */
  readonly usedBy: readonly string[];
}

export interface CheckRow {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly lines: readonly string[];
}

/** Migrate: one state of the migration (a step, or a half-applied cut-over state) with its own network. */
export interface StateView {
  readonly name: string;
  readonly kind: 'step' | 'half-applied';
  readonly ok: boolean;
  /** The state's verdict in one line. */
  readonly verdict: string;
  readonly lines: readonly string[];
  /** Index into `PageData.graphs`: states with the same drawing share one. */
  readonly graph: number;
  /** Index into `PageData.matrices` (states whose matrix reads the same share one); absent without a model. */
  readonly matrix?: number | undefined;
}

export interface PageData {
  readonly kind: 'verify' | 'diff' | 'migrate';
  readonly lang: Lang;
  /** The page's own words in `lang`. */
  readonly labels: PageLabels;
  readonly title: string;
  readonly facts: readonly string[];
  readonly verdict: { readonly ok: boolean; readonly text: string };
  readonly graph: readonly GraphElement[];
  readonly findings: readonly FindingData[];
  readonly checks: readonly CheckRow[];
  readonly matrix?: MatrixData | undefined;
  readonly exceptions: readonly ExceptionData[];
  /** Further tables (diff: rule changes, endpoints in one version only). */
  readonly notes: readonly string[];
  /**
   * Migrate: every state in migration order, the graphs they are drawn on (each a list of indices into
   * `elements`, which holds every distinct element once: most are alike from one state to the next), their
   * matrices, and the state shown first.
   */
  readonly views?: readonly StateView[] | undefined;
  readonly elements?: readonly GraphElement[] | undefined;
  readonly graphs?: readonly (readonly number[])[] | undefined;
  readonly matrices?: readonly MatrixData[] | undefined;
  readonly initialView?: number | undefined;
}
