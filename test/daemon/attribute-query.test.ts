// Where a daemon answers attribute.query: from its own coordinator's document, else from the
// coordinator (an agent reads back its own write before replication brings it here), else,
// with no coordinator, from what this daemon last heard.
import { describe, expect, it } from 'vitest';
import { setTransientAttribute } from '../../src/attributes/node-attributes.ts';
import type { AdminCommand } from '../../src/config/admin-command.ts';
import type { ClusterDocument } from '../../src/config/model.ts';
import { handleAdmin, type AdminContext } from '../../src/daemon/admin-handler.ts';
import type { CoordinatorHost } from '../../src/daemon/coordinator-host.ts';
import { clusterDocument } from '../cli/helpers.ts';

const QUERY: AdminCommand = { type: 'attribute.query', section: 'status', node: 'n2', name: 'pingd' };

function context(opts: { local: ClusterDocument; host?: ClusterDocument; coordinator: string | null }) {
  const forwarded: string[] = [];
  const ctx: AdminContext = {
    self: 'n1', view: () => null, config: () => opts.local.config, doc: () => opts.local,
    host: () => (opts.host ? ({ doc: () => opts.host } as unknown as CoordinatorHost) : null),
    coordinator: () => opts.coordinator,
    forward: async (to) => { forwarded.push(to); return { ok: true, message: 'from the coordinator', text: 'coordinator' }; },
    checkAgents: async () => undefined,
  };
  return { ctx, forwarded };
}

describe('attribute.query at a daemon', () => {
  const stale = clusterDocument();
  const fresh = setTransientAttribute(clusterDocument(), 'n2', 'pingd', '1000');

  it('should read its own coordinator\'s document when it hosts it', async () => {
    const { ctx, forwarded } = context({ local: stale, host: fresh, coordinator: 'n1' });
    expect(await handleAdmin(ctx, QUERY)).toMatchObject({ ok: true, text: '1000' });
    expect(forwarded).toEqual([]);
  });

  it('should ask the coordinator elsewhere rather than read its replicated copy', async () => {
    const { ctx, forwarded } = context({ local: stale, coordinator: 'n3' });
    expect(await handleAdmin(ctx, QUERY)).toMatchObject({ ok: true, text: 'coordinator' });
    expect(forwarded).toEqual(['n3']);
  });

  it('should read what it last heard when there is no coordinator', async () => {
    const { ctx, forwarded } = context({ local: fresh, coordinator: null });
    expect(await handleAdmin(ctx, QUERY)).toMatchObject({ ok: true, text: '1000' });
    expect(forwarded).toEqual([]);
  });
});
