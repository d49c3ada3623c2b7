// How actions, guards and delays read in a diagram. XState keeps named ones as strings or
// `{ type, params }` objects and built-in ones as functions tagged with `type: 'xstate.*'`;
// inline functions have no useful name, and the diagram says so rather than inventing one.

type Tagged = { type?: unknown; name?: unknown };

/** `logIt`, `assign`, `raise(NODE.LOST)`, `sendTo(coordinator)`, or `inline`. */
export function actionLabel(action: unknown): string {
  if (typeof action === 'string') return action;
  if (action !== null && typeof action === 'object' && typeof (action as Tagged).type === 'string') {
    return (action as { type: string }).type;
  }
  if (typeof action === 'function') return builtinActionLabel(action as unknown as Record<string, unknown>);
  return 'inline';
}

function builtinActionLabel(fn: Record<string, unknown>): string {
  const type = fn.type;
  if (typeof type !== 'string' || !type.startsWith('xstate.')) return 'inline';
  const short = type.slice('xstate.'.length);
  const event = fn.event as { type?: unknown } | undefined;
  if (short === 'raise' && event && typeof event === 'object' && typeof event.type === 'string') return `raise(${event.type})`;
  if (short === 'sendTo' && typeof fn.to === 'string') return `sendTo(${fn.to})`;
  if (short === 'spawnChild' && typeof fn.src === 'string') return `spawn(${fn.src})`;
  if (short === 'stopChild' && typeof fn.actorRef === 'string') return `stop(${fn.actorRef})`;
  return short;
}

/** `isOk`, `!isOk`, `a && b`, `in(x)`, or `inline`. */
export function guardLabel(guard: unknown): string {
  return guardText(guard, 0);
}

function guardText(guard: unknown, depth: number): string {
  if (depth > 8) return '…';
  if (typeof guard === 'string') return guard;
  if (guard !== null && typeof guard === 'object' && typeof (guard as Tagged).type === 'string') {
    return (guard as { type: string }).type;
  }
  if (typeof guard !== 'function') return 'inline';
  const fn = guard as unknown as { name: string; guards?: unknown[]; stateValue?: unknown; check?: unknown };
  if (fn.check === undefined) return 'inline';
  const parts = (fn.guards ?? []).map((g) => guardText(g, depth + 1));
  const wrap = (s: string): string => (/[ &|]/.test(s) ? `(${s})` : s);
  if (fn.name === 'not') return `!${wrap(parts[0] ?? '?')}`;
  if (fn.name === 'and') return parts.map(wrap).join(' && ');
  if (fn.name === 'or') return parts.map(wrap).join(' || ');
  if (fn.name === 'stateIn') return `in(${typeof fn.stateValue === 'string' ? fn.stateValue : JSON.stringify(fn.stateValue)})`;
  return 'inline';
}

/** A named delay reads as its name; milliseconds read as `250ms`, `10s`, `1.5s`, `5min`, `2h`. */
export function delayLabel(delay: unknown): string {
  if (typeof delay === 'string') return delay;
  if (typeof delay !== 'number' || !Number.isFinite(delay)) return 'delay';
  if (delay < 1000) return `${delay}ms`;
  if (delay < 60_000 || delay % 60_000 !== 0) return `${trim(delay / 1000)}s`;
  if (delay < 3_600_000 || delay % 3_600_000 !== 0) return `${trim(delay / 60_000)}min`;
  return `${trim(delay / 3_600_000)}h`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** The first line of a transition's label: `RESOURCE.START [isOk]`. */
export function edgeHead(edge: { label: string; guard: string | null }): string {
  return edge.guard === null ? edge.label : `${edge.label} [${edge.guard}]`;
}
