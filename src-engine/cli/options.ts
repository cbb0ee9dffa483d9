/** Shared option parsing for the commands, with errors a person can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../model/dates.js';
import { UsageError } from './usage-error.js';

export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''), usage);
  }
}

export function dateOption(value: string | undefined, name: string, usage: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new UsageError(`--${name} must be a date written YYYY-MM-DD, e.g. 2026-11-23 (got '${value}')`, usage);
  return value;
}

export function formatOption(value: string | undefined, allowed: readonly string[], usage: string): string {
  const format = value ?? allowed[0]!;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got '${format}')`, usage);
  return format;
}

/** `id` or `id@version`. */
export function policyOption(value: string | undefined, usage: string): { id: string; version?: string } | null {
  if (value === undefined) return null;
  const m = /^([a-z][a-z0-9-]*)(?:@(.+))?$/.exec(value);
  if (!m) throw new UsageError(`--policy takes a policy id, optionally with @version, e.g. cpft-job-planning@2017-04-28 (got '${value}')`, usage);
  return m[2] ? { id: m[1]!, version: m[2] } : { id: m[1]! };
}
