/** Documented exit codes (README "Exit codes"); CI scripts depend on them. */
export const EXIT = {
  /** Everything checked, nothing at error severity. */
  clean: 0,
  /** Findings at error severity (validate), or failing policy tests (policy test). */
  findings: 1,
  /** Bad input: unreadable or wrong workbook, broken policy, bad arguments. */
  badInput: 2,
  /** A bug in jobplan itself. */
  internal: 3,
} as const;
