// Why each case of the shared 2.1.5 set still differs from Pacemaker, as last diagnosed
// (issue 17). The runner prints the cause next to the FAIL line, so every remaining
// difference is listed with its cause; a case that starts passing simply stops using its entry.
// This explains results only: the scheduler never looks at case names.

export type DifferenceKind =
  /** vigil decides differently on purpose (safety). */
  | 'on-purpose'
  /** A Pacemaker feature vigil does not model (and warns about). */
  | 'unmodelled'
  /** A Pacemaker rule vigil does not reproduce yet. */
  | 'not-yet';

export interface KnownDifference {
  kind: DifferenceKind;
  cause: string;
}

const d = (kind: DifferenceKind, cause: string): KnownDifference => ({ kind, cause });

export const KNOWN_DIFFERENCES: Readonly<Record<string, KnownDifference>> = {
  'rec-node-5': d('on-purpose', 'fencing disabled: Pacemaker assumes the lost node is down and starts its resources elsewhere; vigil keeps them blocked (never active twice)'),
  'bug-5025-4': d('not-yet', 'a legacy fail-count-RSC=INFINITY that Pacemaker does not count here (its rule not yet found)'),
  'container-group-4': d('unmodelled', 'container meta attribute (a resource recovered with its container)'),
  'value-source': d('unmodelled', 'node-dependent instance attributes (rules inside instance_attributes)'),
  'coloc-attr': d('unmodelled', 'colocation by node-attribute (read as colocation by node)'),
  'bug-5186-partial-migrate': d('not-yet', 'a partial migration on an unclean node: Pacemaker fences it as "thought to be active there"'),
  '11-a-then-bm-b-move-a-clone-starting': d('not-yet', 'a migration blocked by a clone stop that cannot run: Pacemaker moves instead'),
  'probe-target-of-failed-migrate_to-1': d('not-yet', 'placement counts after a failed migrate_to (the target may hold the resource)'),
  'probe-target-of-failed-migrate_to-2': d('not-yet', 'placement counts after a failed migrate_to (the target may hold the resource)'),
  'clone-anon-failcount': d('not-yet', 'which instance number of a cloned group is recovered when several failed'),
  'clone-require-all-5': d('not-yet', 'clone instance numbering and placement order with require-all=false'),
  'clone-require-all-6': d('not-yet', 'require-all=false order: Pacemaker does not restart running instances when the first clone shrinks'),
  'clone_min_interleave_stop_one': d('not-yet', 'clone-min with interleave: Pacemaker does not restart when enough instances remain'),
  'clone_min_interleave_stop_two': d('not-yet', 'clone-min with interleave: reason words of the dependent clone\'s stops'),
  'clone_min_stop_two': d('not-yet', 'tie-break between equal nodes for a fencing device'),
  'clone-fail-block-colocation': d('not-yet', 'a blocked clone instance: its colocated dependents move rather than restart'),
  'stop-failure-no-quorum': d('not-yet', 'instance numbering with an instance blocked on an unclean node'),
  'stop-failure-no-fencing': d('not-yet', 'resources blocked without quorum and fencing: Pacemaker prints no blocked starts'),
  'enforce-colo1': d('not-yet', 'a colocated dependent stops when its primary cannot start, even though the primary keeps running'),
  'monitor-recovery': d('not-yet', 'a clone instance with a failed monitor on a node it is banned from'),
  'intervals': d('not-yet', 'placement tie-breaks among resources with equal scores'),
  'bug-lf-2435': d('not-yet', 'placement order among resources with equal priority and scores'),
  'template-coloc-2': d('not-yet', 'colocation with a template (a non-sequential set) pulling all its members together'),
};
