import { Listr } from 'listr2';
import { PlainRenderer } from '../run/plain-renderer.js';
import type { OnSay } from './vm-actions.js';

/** One vagrant action as a listr2 task, with Vagrant's latest words below its title. */
export async function runActionTask(
  title: string,
  work: (onSay: OnSay) => Promise<void>,
): Promise<void> {
  let failure: Error | undefined;
  const list = new Listr(
    [
      {
        title,
        task: async (_ctx, task) => {
          try {
            await work((text) => {
              task.output = text;
            });
          } catch (error) {
            failure = error as Error;
            throw new Error(failure.message.split('\n')[0]);
          }
        },
      },
    ],
    {
      exitOnError: true,
      registerSignalListeners: false,
      rendererOptions: { collapseErrors: false, showErrorMessage: true },
      fallbackRenderer: PlainRenderer,
    },
  );
  try {
    await list.run();
  } catch (error) {
    throw failure ?? error;
  }
}
