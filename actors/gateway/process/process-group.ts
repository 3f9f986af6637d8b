/**
 * Process groups, as the launcher and its transport use them: who is in a group, and
 * signalling a whole group. A stdio server runs in a group of its own (its launcher is
 * the leader, so the group id is the launcher's pid), and everything it starts — however
 * deep — stays in that group unless it leaves on purpose (`setsid`, `setpgid`).
 *
 * Membership is read from `/proc/<pid>/stat` (Linux); elsewhere it is unknown and callers
 * fall back to signalling the whole group. Zombies are not members: they run nothing and
 * only wait for their parent to reap them.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the live processes whose process group is `pgid`; undefined where /proc is not there to read. */
export function listGroupMembers(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStat(entry);
    if (status && status.pgrp === pgid && status.state !== 'Z' && status.state !== 'X')
      members.push(Number(entry));
  }
  return members;
}

/** Send `signal` to every process of group `pgid`; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Send `signal` to one process; false when it is gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

interface ProcessStat {
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
}

/** Fields of `/proc/<pid>/stat` after the command name, which may itself hold spaces and parentheses. */
function readStat(pid: string): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // Gone between the listing and the read.
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgrp] = fields;
  if (state === undefined || ppid === undefined || pgrp === undefined) return undefined;
  return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
}
