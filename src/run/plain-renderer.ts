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

  private follow(tasks: RenderedTask[], depth: number): void {
    const indent = '  '.repeat(depth);
    for (const task of tasks) {
      task.on(ListrTaskEventType.SUBTASK, (subtasks) => this.follow(subtasks as RenderedTask[], depth + 1));
      task.on(ListrTaskEventType.STATE, (state) => {
        if (!task.hasTitle()) return;
        if (state === ListrTaskState.COMPLETED) write(`${indent}ok    ${task.title}`);
      });
      task.on(ListrTaskEventType.MESSAGE, (message) => {
        if (message.error) write(`${indent}FAIL  ${task.title}: ${message.error}`);
        else if (message.skip) write(`${indent}skip  ${task.title} (${message.skip})`);
      });
    }
  }
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}
