// The outcome of an administrator's config edit (config/edit.ts).
import type { ClusterConfig } from './model.ts';

export type EditOutcome =
  | { ok: true; config: ClusterConfig; message: string; changed: boolean }
  | { ok: false; error: string };
