// The checker's contract: what it is told about a run (the context) and what it reports.
import type { ClusterDocument } from '../../config/model.ts';
import type { LedgerEntry } from '../../ledger/types.ts';

export interface CheckContext {
  /** The configuration the run used (its final one if the run changed it, see constraints.ts). */
  doc: ClusterDocument;
  /** How long a partition that lost quorum may take to stop its resources (and to stop starting any). */
  quorumStopBoundMs: number;
  /** After the harness declares `healed`: how long the cluster may take to settle. */
  quietPeriodMs: number;
  /** Votes per configured node (default one each). */
  votes?: Record<string, number>;
  /** corosync two_node: one node of two is quorate alone. */
  twoNode?: boolean;
  /** Instances possibly active before the first entry (default none: a run starts clean). */
  initiallyActive?: { node: string; instance: string }[];
  /** Nodes down before the first entry (default none). */
  initiallyDown?: string[];
}

export interface Violation {
  /** A stable short name: 'double-active', 'recovery-before-fence', ... (see index.ts). */
  invariant: string;
  /** The entry at which the violation became certain. */
  atSeq: number;
  /** Readable: names the resource, node and epoch. */
  message: string;
  /** Seqs of the entries involved (atSeq included). */
  entries: number[];
}

/** Every invariant family has this shape. */
export type InvariantCheck = (entries: LedgerEntry[], ctx: CheckContext) => Violation[];

export function violation(invariant: string, atSeq: number, message: string, entries: number[]): Violation {
  const seqs = [...new Set([...entries, atSeq])].sort((a, b) => a - b);
  return { invariant, atSeq, message, entries: seqs };
}
