// The problems a YAML config is refused with (the tests of the reader's errors share this).
import { ConfigError, type Problem } from '../../../src/config/errors.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';

/** What loading `yaml` as `file` is refused with; throws if it is accepted. */
export function problemsOf(yaml: string, file: string): Problem[] {
  try {
    loadYamlConfig(yaml, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}
