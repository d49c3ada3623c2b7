// The tools' end of the agent channel (src/attributes/agent-channel.ts): one request to this
// node's vigil daemon over its Unix socket, with the token the executor put in the agent's
// environment. Resolves with the daemon's answer; a daemon that cannot be reached is an
// answer too (failure 'disconnected'), never a throw.
import { connect } from 'node:net';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * @param {Record<string, string | undefined>} env
 * @param {object} request
 * @returns {Promise<{ ok: true, value?: string, cluster?: any } | { ok: false, failure: string, error: string }>}
 */
export function ask(env, request) {
  const socketPath = env.VIGIL_AGENT_SOCKET;
  const token = env.VIGIL_AGENT_TOKEN;
  if (!socketPath || !token) {
    return Promise.resolve({ ok: false, failure: 'disconnected', error: 'not run by a vigil daemon (VIGIL_AGENT_SOCKET and VIGIL_AGENT_TOKEN are not set)' });
  }
  const timeoutMs = Number(env.VIGIL_AGENT_TIMEOUT_MS) > 0 ? Number(env.VIGIL_AGENT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ ok: false, failure: 'disconnected', error: `no answer from the vigil daemon within ${timeoutMs} ms` }), timeoutMs);
    const socket = connect(socketPath, () => socket.write(`${JSON.stringify({ token, request })}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end < 0) return;
      try {
        finish(JSON.parse(text.slice(0, end)));
      } catch {
        finish({ ok: false, failure: 'disconnected', error: 'the vigil daemon answered something unreadable' });
      }
    });
    socket.on('error', (error) => finish({ ok: false, failure: 'disconnected', error: `cannot reach the vigil daemon at ${socketPath}: ${error.code ?? error.message}` }));
    socket.on('close', () => finish({ ok: false, failure: 'disconnected', error: 'the vigil daemon closed the connection without answering' }));
  });
}
