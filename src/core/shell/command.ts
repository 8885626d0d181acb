/** A simple command the shell would execute, after every wrapper has been seen through. */

export interface Word {
  /** The word after quote removal. Parts that expand at run time keep their source text (`$BUCKET`). */
  value: string;
  /** True when part of the value is only known at run time (parameter, command or arithmetic expansion, globs). */
  dynamic: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|`, `2>` ... */
  operator: string;
  target: Word;
}

export interface SimpleCommand {
  /** The program as written (`/usr/local/bin/aws`, `./gradlew`, `aws`). */
  program: string;
  /** The name rule packs know it by: the basename, lower-cased where the tool is case-insensitive. */
  tool: string;
  args: Word[];
  /** Assignments in effect for this command only (`AWS_PROFILE=prod aws ...`, `env X=1 ...`). */
  assignments: Record<string, string>;
  redirects: Redirect[];
  /** The wrappers seen through to reach it, outermost first: `sudo`, `bash -c`, `xargs`, `find -exec`. */
  via: string[];
  /** The command's text as the person would recognise it. */
  text: string;
}

/** Convenience: the literal argument values, as most rule packs read them. */
export function argValues(cmd: SimpleCommand): string[] {
  return cmd.args.map((w) => w.value);
}
