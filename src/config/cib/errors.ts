// A CIB that cannot be read: a ConfigError (the one error type every config reader throws)
// with one problem naming the file, the element (by id where it has one) and the fix.
import { ConfigError } from '../errors.ts';

export class CibError extends ConfigError {
  readonly file: string;
  readonly element: string;
  readonly fix: string;

  constructor(file: string, element: string, problem: string, fix: string) {
    super([{ file, path: element, message: problem, fix }]);
    this.file = file;
    this.element = element;
    this.fix = fix;
  }
}
