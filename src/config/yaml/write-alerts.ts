// The `alerts:` section → YAML, in the forms alerts.ts reads back (defaults left out; a
// recipient with nothing but its value written as that value).
import {
  ALERT_KINDS_DEFAULT, ALERT_TIMEOUT_DEFAULT_MS, ALERT_TIMESTAMP_FORMAT_DEFAULT, type AlertConfig, type AlertRecipient,
} from '../model.ts';
import { durationScalar, rawMap } from './write-values.ts';

type Out = Record<string, unknown>;

export function writeAlert(alert: AlertConfig): Out {
  const out: Out = { alert: alert.id, path: alert.path };
  if (alert.recipients.length > 0) out.recipients = alert.recipients.map(writeRecipient);
  if (alert.select.join() !== ALERT_KINDS_DEFAULT.join()) out.select = [...alert.select];
  if (alert.attributes.length > 0) out.attributes = [...alert.attributes];
  if (alert.timeoutMs !== ALERT_TIMEOUT_DEFAULT_MS) out.timeout = durationScalar(alert.timeoutMs);
  if (alert.timestampFormat !== ALERT_TIMESTAMP_FORMAT_DEFAULT) out['timestamp-format'] = alert.timestampFormat;
  if (Object.keys(alert.params).length > 0) out.params = rawMap(alert.params);
  return out;
}

function writeRecipient(recipient: AlertRecipient): string | Out {
  const out: Out = { value: recipient.value };
  if (recipient.timeoutMs !== undefined) out.timeout = durationScalar(recipient.timeoutMs);
  if (recipient.timestampFormat !== undefined) out['timestamp-format'] = recipient.timestampFormat;
  if (recipient.params !== undefined) out.params = rawMap(recipient.params);
  return Object.keys(out).length === 1 ? recipient.value : out;
}
