/** The worker side of the command line's pools (parallel/serve-tasks.ts). */
export { serveTasks, type TaskHandler } from "../parallel/serve-tasks.js";
