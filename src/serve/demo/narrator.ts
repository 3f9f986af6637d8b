/**
 * The demo's voice: one line per chapter of the story, with the facts under it. In a terminal
 * a chapter shows a spinner and the time it has taken until it ends (✔ or ✘); when stdout is
 * not a terminal, or `CI=true`, every line is plain text written once (logs, tests). It owns
 * how the story is shown, not what happens in it (`story.ts`).
 */
import type { Writable } from 'node:stream';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPIN_MS = 80;

export interface Narrator {
  /** A chapter begins: its title, shown live until `end`. */
  begin(title: string): void;
  /** A fact under the current chapter. */
  note(text: string): void;
  /** How far the current chapter has got (`4/8 summaries`): shown beside its spinner, live only. */
  progress(text: string): void;
  /** The current chapter ends: whether what it claimed held, and a last word. */
  end(held: boolean, detail: string): void;
  /** A line outside the chapters (the opening, the summary). */
  say(text: string): void;
}

export function createNarrator(
  output: Writable & { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): Narrator {
  const live = output.isTTY === true && env.CI !== 'true' && env.CI !== '1';
  return live ? new LiveNarrator(output) : new PlainNarrator(output);
}

class PlainNarrator implements Narrator {
  private chapter = 0;
  constructor(private readonly output: Writable) {}
  begin(title: string): void {
    this.chapter += 1;
    this.output.write(`[${this.chapter}] ${title}\n`);
  }
  note(text: string): void {
    this.output.write(`    ${text}\n`);
  }
  progress(_text: string): void {
    // Plain output says every fact once, in `note`s; progress is for the eye only.
  }
  end(held: boolean, detail: string): void {
    this.output.write(`    ${held ? 'ok' : 'FAILED'}: ${detail}\n`);
  }
  say(text: string): void {
    this.output.write(`${text}\n`);
  }
}

class LiveNarrator implements Narrator {
  private title = '';
  private progressText = '';
  private started = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly output: Writable) {}

  begin(title: string): void {
    this.title = title;
    this.progressText = '';
    this.started = Date.now();
    this.frame = 0;
    this.draw();
    this.timer = setInterval(() => this.draw(), SPIN_MS);
  }
  note(text: string): void {
    this.clearLine();
    this.output.write(`   \x1b[2m${text}\x1b[0m\n`);
    this.draw();
  }
  progress(text: string): void {
    this.progressText = text;
    this.draw();
  }
  end(held: boolean, detail: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clearLine();
    const mark = held ? '\x1b[32m✔\x1b[0m' : '\x1b[31m✘\x1b[0m';
    this.output.write(`${mark} ${this.title} \x1b[2m(${this.elapsed()})\x1b[0m — ${detail}\n`);
  }
  say(text: string): void {
    this.output.write(`${text}\n`);
  }

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1)} s`;
  }
  private clearLine(): void {
    this.output.write('\r\x1b[2K');
  }
  private draw(): void {
    this.clearLine();
    const spinner = FRAMES[this.frame++ % FRAMES.length];
    const progress = this.progressText === '' ? '' : ` · ${this.progressText}`;
    this.output.write(`\x1b[36m${spinner}\x1b[0m ${this.title} \x1b[2m${this.elapsed()}${progress}\x1b[0m`);
  }
}
