// What makes an alert's settings unusable, checked alike by the YAML and the CIB reader so that
// every alert a config carries can run: environment names an agent can receive, a timestamp
// format vigil can print, and a path that names a program. Pure.
import { TIMESTAMP_CONVERSIONS, timestampFormatProblem } from '../alerts/timestamp.ts';

/** Variables vigil sets for every run: params may not replace them. */
const RESERVED_PREFIXES = ['CRM_alert_', 'CRM_notify_'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A problem with one setting: what is wrong and how to fix it. */
export interface AlertProblem {
  message: string;
  fix: string;
}

/** Why `name` cannot be an alert parameter (an environment variable of the agent), or null. */
export function alertParamProblem(name: string, value: string): AlertProblem | null {
  if (!ENV_NAME.test(name)) {
    return { message: `parameter "${name}" cannot be passed: alert parameters become environment variables, whose names are letters, digits and _`, fix: `rename it, e.g. ${name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') || 'debug'}` };
  }
  const reserved = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (reserved !== undefined) {
    return { message: `parameter "${name}" would replace a variable vigil sets for every event (${reserved}*)`, fix: 'rename it or remove it' };
  }
  if (value.includes('\0')) return { message: `the value of parameter "${name}" contains a NUL byte`, fix: 'remove the NUL byte' };
  return null;
}

/** Why `format` cannot be a timestamp-format, or null. */
export function alertTimestampProblem(format: string): AlertProblem | null {
  const problem = timestampFormatProblem(format);
  if (problem === null) return null;
  return { message: `timestamp-format ${JSON.stringify(format)}: ${problem}`, fix: `use the conversions ${TIMESTAMP_CONVERSIONS} (default %H:%M:%S.%06N)` };
}

/** Why `path` cannot name an alert agent (it is taken as given: resolved by the reader), or null. */
export function alertPathProblem(path: string): AlertProblem | null {
  if (!path.startsWith('/')) return { message: `path "${path}" is not absolute`, fix: 'give the agent\'s full path, e.g. /usr/share/pacemaker/alerts/alert_file.sh.sample copied to /var/lib/vigil/alert_file.sh' };
  if (path.includes('\0')) return { message: 'the path contains a NUL byte', fix: 'remove the NUL byte' };
  return null;
}
