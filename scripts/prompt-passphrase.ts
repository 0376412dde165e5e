import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A passphrase for the command-line tools: the first line of `file` when one is given (a script or
 * a scheduled task, which has no terminal), else typed at the terminal. A file (mode 0600, deleted
 * after use), not an environment variable: a variable is inherited by every child process and sits
 * in the process's environment for its whole life; a file is read once and goes where its mode lets
 * it, the same way --passphrase-file works for the backup and the clinic tools.
 */
export async function passphraseFrom(file: string | undefined, question: string): Promise<string> {
  // The first line: an editor's final newline is not part of the passphrase.
  if (file !== undefined) return readFileSync(resolve(file), 'utf8').split(/\r?\n/)[0] ?? '';
  return promptPassphrase(question);
}

/**
 * A passphrase typed at the terminal, not echoed, for the command-line tools. Where there is no
 * terminal (a scheduled task), the tools take --passphrase-file instead.
 */
export async function promptPassphrase(question: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) throw new Error('There is no terminal to type the passphrase in: use --passphrase-file.');
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(typed.join(''));
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new Error('Cancelled.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
