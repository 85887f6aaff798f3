import type * as Y from 'yjs';
import type { AppState } from './app-state.svelte.ts';

/**
 * Follows a document (`AppState.watch`) with the functions that read it loaded first, by
 * `import()` once the first screen is drawn (documents are read only then anyway): a document's
 * readers validate with zod, which the first screen does not load. Returns the function that stops.
 */
export function watchWith<M>(
  souk: Pick<AppState, 'watch' | 'firstScreen'>,
  name: string,
  load: () => Promise<M>,
  fn: (doc: Y.Doc, readers: M) => void,
): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void souk.firstScreen.settled.then(load).then((readers) => {
    if (!stopped) stop = souk.watch(name, (doc) => fn(doc, readers));
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
