/** A worker for the ordered pool's tests: squares numbers, slowly for some, fails on request. */
import { serveTasks } from "../serve-tasks.js";

serveTasks((init) => {
  const { failOn } = init as { failOn: number | null };
  return {
    run(task: number[]) {
      if (task.includes(failOn ?? NaN)) throw new Error(`cannot square ${failOn}`);
      // -1 stands for a fault that ends the thread (the pool must notice and, if asked, replace it).
      if (task.includes(-1)) process.exit(3);
      // Uneven work, so results arrive out of order and the pool must reorder them.
      if (task[0] % 3 === 0) {
        const until = Date.now() + 5;
        while (Date.now() < until);
      }
      return task.map((x) => x * x);
    },
  };
});
