// Pacemaker's exit codes (crm_exit_t) for the cases vigil's tools meet, and how a failed
// request to the daemon maps onto them.

export const EX = Object.freeze({
  OK: 0,
  ERROR: 1,
  INVALID_PARAM: 2,
  UNIMPLEMENT_FEATURE: 3,
  INSUFFICIENT_PRIV: 4,
  USAGE: 64,
  UNAVAILABLE: 69,
  DISCONNECT: 102,
  NOSUCH: 105,
});

const BY_FAILURE = { 'no-such': EX.NOSUCH, refused: EX.INSUFFICIENT_PRIV, invalid: EX.INVALID_PARAM, unavailable: EX.UNAVAILABLE, disconnected: EX.DISCONNECT };

/** Prints a failed answer as `TOOL: reason` and returns its exit code. */
export function failed(io, tool, answer) {
  io.err(`${tool}: ${answer.error}`);
  return BY_FAILURE[answer.failure] ?? EX.ERROR;
}

/** Something vigil does not provide to agents: said plainly, with Pacemaker's "unimplemented" code. */
export function unsupported(io, tool, what) {
  io.err(`${tool}: ${what} is not available under vigil`);
  return EX.UNIMPLEMENT_FEATURE;
}

export function usage(io, tool, problem) {
  io.err(`${tool}: ${problem}`);
  io.err(`Try '${tool} --help' for the options vigil supports.`);
  return EX.USAGE;
}
