/**
 * Windows has no mode bits: there the data folder's ACL keeps other accounts out. At every start
 * the folder is given exactly three entries, inherited by everything in it: the desk's account,
 * Administrators and SYSTEM (full control each). icacls is part of every Windows since Vista; the
 * arguments are built by a pure function so they can be read and tested on any OS.
 */
import { spawnSync } from 'node:child_process';

/** By SID, not by name: the groups are called "Administratoren", "Администраторы"… elsewhere. */
const ADMINISTRATORS = '*S-1-5-32-544';
const SYSTEM = '*S-1-5-18';

/** Full control, inherited by files (OI) and folders (CI) below. */
const fullControl = (who: string) => `${who}:(OI)(CI)F`;

/**
 * The icacls runs, in order: every entry anyone added by hand below the folder is dropped (all
 * inherit again); the three grants are put on the folder; then the folder stops inheriting from
 * the profile, so only those three remain, for it and everything in it. The grants come before
 * the cut, so an account that does not resolve stops the runs with the desk still reachable.
 */
export function icaclsCommands(dir: string, account: string): string[][] {
  return [
    [dir, '/reset', '/T', '/C', '/Q'],
    [dir, '/grant:r', fullControl(account), fullControl(ADMINISTRATORS), fullControl(SYSTEM), '/Q'],
    [dir, '/inheritance:r', '/Q'],
  ];
}

/** The desk's Windows account as icacls names it: DOMAIN\user (the machine's name for a local account). */
export function deskAccount(env: NodeJS.ProcessEnv): string | null {
  const user = env['USERNAME'];
  if (!user) return null;
  const domain = env['USERDOMAIN'];
  return domain ? `${domain}\\${user}` : user;
}

export type CommandRunner = (command: string, args: string[]) => { status: number | null; output: string };

const spawnRunner: CommandRunner = (command, args) => {
  const r = spawnSync(command, args, { windowsHide: true, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}` };
};

export type AclOutcome = { ok: true } | { ok: false; problem: string };

/** Runs the icacls commands until one fails; says which and why. */
export function restrictFolderAcl(
  dir: string,
  env: NodeJS.ProcessEnv,
  run: CommandRunner = spawnRunner,
): AclOutcome {
  const account = deskAccount(env);
  if (account === null) return { ok: false, problem: 'USERNAME is not set: the desk account is unknown.' };
  for (const args of icaclsCommands(dir, account)) {
    const result = run('icacls', args);
    if (result.status !== 0) {
      return { ok: false, problem: `icacls ${args.slice(1).join(' ')}: ${result.output.trim()}` };
    }
  }
  return { ok: true };
}
