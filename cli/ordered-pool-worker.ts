/** The worker side of the command line's pools (parallel/serve-tasks.ts). */
export { movable, serveTasks, type TaskHandler } from "../parallel/serve-tasks.js";
