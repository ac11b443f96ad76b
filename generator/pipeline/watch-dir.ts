// A directory watch that survives the directory being deleted and created again (`rm -rf spec &&
// git checkout spec`, a branch switch): a watch on a directory ends with the directory's inode, so the
// parent is watched too, and when an entry of the directory's name appears with a new inode the watch
// is set up again and `onRecreated` runs (the caller regenerates: files may have arrived before).
import { statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

export interface DirWatch { close(): void }

export function watchDir(dir: string, onFile: (name: string | null) => void, onRecreated: () => void, onError: (e: Error) => void): DirWatch {
  let w: FSWatcher | null = null;
  let ino: number | null = null;
  const inode = (): number | null => { try { const st = statSync(dir); return st.isDirectory() ? st.ino : null; } catch { return null; } };
  const arm = (): void => {
    w?.close();
    w = null;
    ino = inode();
    if (ino === null) return;
    try {
      w = watch(dir, { persistent: true }, (_event, name) => onFile(name === null ? null : String(name)));
      // Deleting the directory ends the watch (an error on some systems): wait for the parent to see it again.
      w.on("error", () => { w?.close(); w = null; });
    } catch (e) { onError(e as Error); }
  };
  arm();
  let parent: FSWatcher | null = null;
  try {
    parent = watch(dirname(dir), { persistent: true }, (_event, name) => {
      if (name !== null && String(name) !== basename(dir)) return;
      const now = inode();
      // Gone: forget the old watch (a new directory may even get the same inode number, as on tmpfs).
      if (now === null) { w?.close(); w = null; ino = null; return; }
      if (now === ino && w !== null) return;     // the same directory, still watched
      arm();
      onRecreated();
    });
    parent.on("error", (e) => onError(e));
  } catch { /* no parent to watch (a root): the directory watch alone */ }
  return { close: () => { w?.close(); parent?.close(); } };
}
