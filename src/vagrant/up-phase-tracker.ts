import { phaseOf, UP_PHASES } from './up-messages.js';
import type { UpPhase } from './up-messages.js';

export type PhaseOutcome =
  { state: 'ok' } | { state: 'skip'; why: string } | { state: 'fail'; message: string };

const NOTHING_TO_DO: Record<UpPhase, string> = {
  start: 'nothing to do',
  box: 'the box is here already',
  boot: 'nothing to do',
  provision: 'nothing to do',
};

class Deferred {
  settled = false;
  private settle!: (outcome: PhaseOutcome) => void;
  readonly promise = new Promise<PhaseOutcome>((resolve) => {
    this.settle = resolve;
  });

  resolve(outcome: PhaseOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(outcome);
  }
}

/**
 * Follows `vagrant up` through its phases from its messages. The phases only move
 * forward; a message that names none belongs to the current one, or to the boot.
 */
export class PhaseTracker {
  private current = 0;
  private readonly seen = new Set<UpPhase>(['start']);
  private readonly outcomes = new Map(UP_PHASES.map((phase) => [phase, new Deferred()]));
  private readonly listeners = new Map<UpPhase, (text: string) => void>();

  outcome(phase: UpPhase): Promise<PhaseOutcome> {
    return (this.outcomes.get(phase) as Deferred).promise;
  }

  /** Vagrant's latest words in a phase, for the task's output line. */
  onSay(phase: UpPhase, listener: (text: string) => void): void {
    this.listeners.set(phase, listener);
  }

  say(text: string): void {
    const named = phaseOf(text);
    const index = UP_PHASES.indexOf(
      named ?? (this.current === 0 ? 'boot' : (UP_PHASES[this.current] as UpPhase)),
    );
    if (index > this.current) this.advanceTo(index);
    const phase = UP_PHASES[this.current] as UpPhase;
    this.seen.add(phase);
    this.listeners.get(phase)?.(text.split('\n').at(-1) ?? text);
  }

  /** Vagrant has ended: the current phase passed or failed; later ones did not happen. */
  finish(error?: Error): void {
    UP_PHASES.forEach((phase, index) => {
      const deferred = this.outcomes.get(phase) as Deferred;
      if (error && index === this.current) {
        deferred.resolve({ state: 'fail', message: error.message.split('\n')[0] ?? '' });
      } else if (error && index > this.current) {
        deferred.resolve({ state: 'skip', why: 'not run' });
      } else {
        deferred.resolve(
          this.seen.has(phase) ? { state: 'ok' } : { state: 'skip', why: NOTHING_TO_DO[phase] },
        );
      }
    });
  }

  private advanceTo(index: number): void {
    for (let i = 0; i < index; i++) {
      const phase = UP_PHASES[i] as UpPhase;
      (this.outcomes.get(phase) as Deferred).resolve(
        this.seen.has(phase) ? { state: 'ok' } : { state: 'skip', why: NOTHING_TO_DO[phase] },
      );
    }
    this.current = index;
  }
}
