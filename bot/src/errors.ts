// Named errors. One top-level catch (scripts/*.ts, the bot's runner) maps them to
// exit codes or failed check runs; nothing matches on message text.

/** The command line was used wrongly (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Something the machine must provide is missing or broken (exit 2); `fix` says what to run. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(
    message: string,
    readonly fix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An external tool (kustomize, kubeconform, conftest, git, go) failed or timed out. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly exitCode: number | undefined,
    readonly stderrTail: string,
    message: string,
    readonly timedOut = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input the user controls (a file in the repository) is invalid. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
