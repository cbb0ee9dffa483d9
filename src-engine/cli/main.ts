/**
 * The `jobplan` command line. Dispatches to the commands; turns usage mistakes into a message and exit code 2,
 * and anything unexpected into a short "this is a bug" note (stack trace only with JOBPLAN_DEBUG=1).
 */
import { ENGINE_VERSION } from '../version.js';
import { policyCheckCommand, POLICY_CHECK_USAGE } from './commands/policy-check.js';
import { policyTestCommand, POLICY_TEST_USAGE } from './commands/policy-test.js';
import { validateCommand, VALIDATE_USAGE } from './commands/validate.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const USAGE = `jobplan ${ENGINE_VERSION}: NHS job plans checked against versioned job planning policies.

Usage:
  jobplan validate <files...> [--policy id[@version]] [--as-of date] [--today date] [--format text|json] [--out report.xlsx]
  jobplan policy check [paths...]     check policy files for errors (file:line:col)
  jobplan policy test [paths...]      run the policies' test cases

Run 'jobplan <command> --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest);
      case 'policy': {
        const [sub, ...args] = rest;
        if (sub === 'check') return policyCheckCommand(args);
        if (sub === 'test') return await policyTestCommand(args);
        throw new UsageError(sub ? `unknown policy command '${sub}'` : 'policy needs a command: check or test', `${POLICY_CHECK_USAGE}\n\n${POLICY_TEST_USAGE}`);
      }
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

export { VALIDATE_USAGE };
