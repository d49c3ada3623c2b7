// Types of main.mjs for the TypeScript tests.
export interface ToolIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  ask(request: unknown): Promise<unknown>;
}
export const TOOL_NAMES: string[];
export function runTool(name: string, argv: string[], io: ToolIo): Promise<number>;
