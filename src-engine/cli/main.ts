/**
 * The `jobplan` command line. Dispatches to the commands; turns usage mistakes into a message and exit code 2,
 * and anything unexpected into a short "this is a bug" note (stack trace only with JOBPLAN_DEBUG=1).
 */
import { ENGINE_VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const USAGE = `jobplan ${ENGINE_VERSION}: NHS job plans checked against versioned job planning policies.

Usage:
  jobplan validate <files...> [--policy id[@version]] [--as-of date] [--today date] [--format text|json] [--out report.xlsx]
  jobplan report <register.xlsx> [--out report.xlsx|report.html] [--format json]   the committee report of a register
  jobplan explain <file> --rule <id> [--plan <ref>]   how one rule judged one plan, condition by condition
  jobplan extract <workbook> [--map m.yaml]           what was read from a workbook: each field, row and cell
  jobplan map suggest <workbook> [--out m.yaml]       a first workbook map for a Trust's own layout

  jobplan policy check [paths...]                      check policy files for errors (file:line:col)
  jobplan policy test [paths...] [--coverage]          run the policies' test cases
  jobplan policy which [--date date] [--policy id]     which version was in force on a date, and why
  jobplan policy diff <a> <b> [--format text|json]     what changed between two versions (files or id@version)
  jobplan policy impact <from> <to> <plans...>         what an amendment would change across the plans
  jobplan policy new-version <id> --effective date     start the next version as a draft
  jobplan policy ratify <file> --date date             check, ratify and lock a draft version

  jobplan audit replay <report.json> [--workbook file] re-run a recorded report and compare
  jobplan audit verify <log> [--expect-head sha256]   check an audit log: edited, removed or reordered lines

Run 'jobplan <command> --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`jobplan validate … | head`) closes the pipe: that is the reader's choice, not a bug.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Commands load on demand: exceljs alone takes ~0.45 s to import, and only workbook commands need it.
      case 'validate':
        return await (await import('./commands/validate.js')).validateCommand(rest);
      case 'policy': {
        const [sub, ...args] = rest;
        if (sub === 'check') return (await import('./commands/policy-check.js')).policyCheckCommand(args);
        if (sub === 'test') return await (await import('./commands/policy-test.js')).policyTestCommand(args);
        if (sub === 'diff') return (await import('./commands/policy-diff.js')).policyDiffCommand(args);
        if (sub === 'impact') return await (await import('./commands/policy-impact.js')).policyImpactCommand(args);
        if (sub === 'which') return (await import('./commands/policy-which.js')).policyWhichCommand(args);
        if (sub === 'new-version') return (await import('./commands/policy-new-version.js')).policyNewVersionCommand(args);
        if (sub === 'ratify') return await (await import('./commands/policy-ratify.js')).policyRatifyCommand(args);
        throw new UsageError(sub ? `unknown policy command '${sub}'` : 'policy needs a command', USAGE);
      }
      case 'audit': {
        const [sub, ...args] = rest;
        if (sub === 'replay') return await (await import('./commands/audit-replay.js')).auditReplayCommand(args);
        if (sub === 'verify') return await (await import('./commands/audit-verify.js')).auditVerifyCommand(args);
        throw new UsageError(sub ? `unknown audit command '${sub}'` : 'audit needs a command', USAGE);
      }
      case 'report':
        return await (await import('./commands/report.js')).reportCommand(rest);
      case 'map': {
        const [sub, ...args] = rest;
        if (sub === 'suggest') return await (await import('./commands/map-suggest.js')).mapSuggestCommand(args);
        throw new UsageError(sub ? `unknown map command '${sub}'` : 'map needs a command: suggest', USAGE);
      }
      case 'extract':
        return await (await import('./commands/extract.js')).extractCommand(rest);
      case 'explain':
        return await (await import('./commands/explain.js')).explainCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${ENGINE_VERSION}\n`);
        return EXIT.clean;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.badInput : EXIT.clean;
      default:
        throw new UsageError(`unknown command '${command}'`, USAGE);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`jobplan: ${e.message}\n${e.usage ? `\n${e.usage}\n` : ''}`);
      return EXIT.badInput;
    }
    process.stderr.write(`jobplan: internal error (a bug in jobplan, not in your files): ${(e as Error).message}\nPlease report it with the command you ran. Set JOBPLAN_DEBUG=1 to see the stack trace.\n`);
    if (process.env['JOBPLAN_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.internal;
  }
}

