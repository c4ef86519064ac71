/**
 * Monaco, bundled: the editor API, every editor feature (find, folding, rename, hover, …) and
 * its one web worker, all from node_modules through Vite — never from a CDN. No language
 * packs are imported; the only language here is the policy language.
 */
import "monaco-editor/features/register.all";
import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

// Monaco's own worker computes diffs and word ranges; the policy compiler runs in a worker of ours.
globalThis.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
