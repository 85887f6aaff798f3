/**
 * Who is at the console: nobody signed in, a person who is not an operator, or an operator.
 * The server decides on every call; this only picks the screen, from `GET /api/admin/me`.
 */
import { SoukError } from '@souk/sync';
import { getContext, setContext } from 'svelte';
import { accessLostEvent, consoleApi } from './console-api.ts';
import { describeError } from './describe-error.ts';

export type ConsolePhase = 'loading' | 'signed-out' | 'refused' | 'operator' | 'unreachable';

export class ConsoleState {
  phase = $state<ConsolePhase>('loading');
  phone = $state('');
  error = $state('');

  async check(): Promise<void> {
    this.error = '';
    try {
      this.phone = (await consoleApi.me()).phone;
      this.phase = 'operator';
    } catch (error) {
      if (error instanceof SoukError && error.kind === 'unauthenticated') {
        this.phase = 'signed-out';
      } else if (error instanceof SoukError && error.kind === 'forbidden') {
        this.phone = (await consoleApi.person().catch(() => null))?.phone ?? '';
        this.phase = 'refused';
      } else {
        this.error = describeError(error);
        this.phase = 'unreachable';
      }
    }
  }

  /** Re-checks who is here whenever an operator call is refused for want of access. */
  watch(): () => void {
    const recheck = () => {
      if (this.phase === 'operator') void this.check();
    };
    globalThis.addEventListener(accessLostEvent, recheck);
    return () => globalThis.removeEventListener(accessLostEvent, recheck);
  }

  async signOut(): Promise<void> {
    try {
      await consoleApi.signOut();
    } catch (error) {
      this.error = describeError(error);
      return;
    }
    this.phone = '';
    this.phase = 'signed-out';
  }
}

const key = Symbol('console-state');

export function provideConsoleState(state: ConsoleState): ConsoleState {
  return setContext(key, state);
}

export function useConsoleState(): ConsoleState {
  return getContext<ConsoleState>(key);
}
