// A stand-in for `vigil daemon` in the demo's tests: takes the same arguments, logs them as a
// JSON line, leaves a state file in its HA_RSCTMP, and exits 0 on SIGTERM. With --fake-fenced,
// its first run plays a node being fenced: fence_dummy's "off" lands in its power file and the
// daemon exits, as the real one does when its power file says off.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const value = (name) => args[args.indexOf(name) + 1];
const node = value('--node');
const rsctmp = args.filter((_, i) => args[i - 1] === '--agent-env').find((a) => a.startsWith('HA_RSCTMP='))?.slice('HA_RSCTMP='.length);
const runs = join(rsctmp, '..', '..', `${node}.runs`);
const firstRun = !existsSync(runs);
appendFileSync(runs, 'run\n');
writeFileSync(join(rsctmp, 'Dummy-web.state'), '');
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ msg: 'stopping' }));
  process.exit(0);
});
console.log(JSON.stringify({ msg: 'fake daemon up', node, args }));
if (firstRun && args.includes('--fake-fenced')) {
  writeFileSync(value('--power-file'), 'off');
  console.log(JSON.stringify({ msg: 'power file says off: stopping', err: { message: 'fenced' } }));
  process.exit(0);
}
setInterval(() => {}, 1000);
