import { ListrTaskEventType, ListrTaskState } from 'listr2';
import type { ListrRenderer, ListrTaskObject } from 'listr2';

type RenderedTask = ListrTaskObject<unknown, typeof PlainRenderer, typeof PlainRenderer>;

/**
 * Progress for CI logs and pipes: one line per task as it ends, indented by depth,
 * with no cursor movement and no colour.
 */
export class PlainRenderer implements ListrRenderer {
  static nonTTY = true;
  static rendererOptions = {};
  static rendererTaskOptions = {};

  constructor(private readonly tasks: RenderedTask[]) {}

  render(): void {
    this.follow(this.tasks, 0);
  }

  end(): void {}

  /** `skipped` collects the skip lines of a phase's steps, printed when the phase ends. */
  private follow(tasks: RenderedTask[], depth: number, skipped?: string[]): void {
    const indent = '  '.repeat(depth);
    for (const task of tasks) {
      // A phase prints its name first, then one line per step under it as each ends.
      const steps: string[] = [];
      let isPhase = false;
      task.on(ListrTaskEventType.SUBTASK, (subtasks) => {
        isPhase = true;
        write(`${indent}${task.title}`);
        this.follow(subtasks as RenderedTask[], depth + 1, steps);
      });
      task.on(ListrTaskEventType.OUTPUT, (output) => write(`${indent}      ${String(output)}`));
      task.on(ListrTaskEventType.STATE, (state) => {
        if (!task.hasTitle()) return;
        if (isPhase && (state === ListrTaskState.COMPLETED || state === ListrTaskState.FAILED)) {
          const failed = task.subtasks.filter((t) => t.hasFailed()).length;
          // Steps none of which ran say so once, on the phase; otherwise each says why.
          if (steps.length === task.subtasks.length && steps.length > 0) write(`${indent}skip  ${task.title} (not run)`);
          else steps.forEach((line) => write(line));
          if (failed > 0) write(`${indent}FAIL  ${task.title}: ${failed} of ${task.subtasks.length} failed`);
        } else if (!isPhase && state === ListrTaskState.COMPLETED) {
          write(`${indent}ok    ${task.title}`);
        }
      });
      task.on(ListrTaskEventType.MESSAGE, (message) => {
        if (message.error) write(`${indent}FAIL  ${task.title}: ${message.error}`);
        else if (message.skip) {
          const line = `${indent}skip  ${task.title} (${message.skip})`;
          if (skipped) skipped.push(line);
          else write(line);
        }
      });
    }
  }
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}
