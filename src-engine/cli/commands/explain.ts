/** `jobplan explain`: one rule on one plan, condition by condition, with the values seen and the parameters used. */
import { formatDiagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
import { explainRule } from '../../evaluate/evaluate.js';
import { readPlans } from '../../node/read-plans.js';
import { formatExplanationText } from '../../report/format-explanation.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse, policyOption } from '../options.js';
import { loadRunContext } from '../run-context.js';
import { localToday } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { planRefOf } from '../../evaluate/evaluate.js';

export const EXPLAIN_USAGE = `Usage: jobplan explain <file> --rule <rule id> [--plan <plan ref>] [options]

Shows how one rule judged one plan, whether or not it fired: each condition with the fact values seen, the
parameter values of the policy version used, and the clause.

Options:
  --rule <id>                the rule, e.g. signoff.within-deadline (required)
  --plan <ref>               which plan, when the file holds several
  --policy <id>[@<version>]  --as-of <date>  --today <date>  --policies <folder>  --map <map.yaml>  --illustrative   as for validate
  --format text|json`;

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    rule: { type: 'string' }, plan: { type: 'string' }, policy: { type: 'string' }, 'as-of': { type: 'string' }, today: { type: 'string' },
    policies: { type: 'string', multiple: true }, map: { type: 'string' }, format: { type: 'string' }, illustrative: { type: 'boolean' },
  }, EXPLAIN_USAGE);
  if (values.help) {
    process.stdout.write(`${EXPLAIN_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length !== 1) throw new UsageError('name one job plan file', EXPLAIN_USAGE);
  if (!values.rule) throw new UsageError('--rule <rule id> is required', EXPLAIN_USAGE);
  const format = formatOption(values.format, ['text', 'json'], EXPLAIN_USAGE);
  const today = dateOption(values.today, 'today', EXPLAIN_USAGE) ?? localToday();
  const asOf = dateOption(values['as-of'], 'as-of', EXPLAIN_USAGE) ?? null;
  const policy = policyOption(values.policy, EXPLAIN_USAGE);
  const context = loadRunContext({ policies: values.policies, map: values.map, policy });
  const fail = (lines: string[]): number => {
    process.stderr.write(`${lines.join('\n')}\n`);
    return EXIT.badInput;
  };
  if (hasErrors(context.diagnostics) || !context.map) return fail(context.diagnostics.map(formatDiagnostic));
  const read = await readPlans(positionals, context.map);
  if (read.plans.length === 0) return fail(read.diagnostics.map(formatDiagnostic));
  const candidates = values.plan ? read.plans.filter((p) => planRefOf(p) === values.plan) : read.plans;
  if (candidates.length !== 1) {
    return fail([`jobplan: ${candidates.length === 0 ? `no plan '${values.plan}'` : `${candidates.length} plans`} in ${positionals[0]}; choose one with --plan: ${read.plans.map(planRefOf).join(', ')}`]);
  }
  const { explanation, diagnostics } = await explainRule(candidates[0]!, context.library, { today, asOf, policy, illustrative: values.illustrative === true }, values.rule);
  if (!explanation) return fail(diagnostics.map(formatDiagnostic));
  if (format === 'json') process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
  else process.stdout.write(`${formatExplanationText(explanation)}\n`);
  return EXIT.clean;
}
