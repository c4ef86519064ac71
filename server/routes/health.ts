import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Api } from "../http/api.js";

export function healthRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: "/health",
      tag: "health",
      summary: "Liveness and which database is in use",
      access: "anyone",
      response: z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) }),
    },
    async (c) => {
      const services = c.get("services");
      await services.db.execute(sql`select 1`);
      return c.json({ status: "ok", database: services.database.kind });
    },
  );
}
