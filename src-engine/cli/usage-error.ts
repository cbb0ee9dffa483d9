/** A mistake in how the command was called: printed with the usage text, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'UsageError';
  }
}
