import { describe, expect, it } from "vitest";
import { factsForStorage, readCustomers, toCustomerInput } from "./customers.js";

describe("readCustomers", () => {
  it("reads JSON lines, keeping exact decimals and reporting bad lines", () => {
    const text = '{"customer_id":"C1","name":"甲","total_assets":6400000.00000000000008}\nnot json\n\n{"customer_id":"C2"}';
    const { customers, problems } = readCustomers(text);
    expect(customers.map((c) => c.id)).toEqual(["C1", "C2"]);
    expect(customers[0].name).toBe("甲");
    expect(toCustomerInput(customers[0]).facts).toMatchObject({ total_assets: "6400000.00000000000008" });
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(2);
  });

  it("reads a JSON array", () => {
    const { customers } = readCustomers('[{"customer_id":"A"},{"customer_id":"B","x":1.10}]');
    expect(customers.map((c) => c.id)).toEqual(["A", "B"]);
    expect(toCustomerInput(customers[1]).facts).toEqual({ customer_id: "B", x: "1.10" });
  });

  it("reads CSV as text for the engine's textual mode", () => {
    const { customers } = readCustomers("customer_id,name,total_assets,fraud_flag,order_amount\nW1,北京,10000000.00,false,\n", "x.csv");
    expect(customers).toHaveLength(1);
    expect(toCustomerInput(customers[0])).toEqual({ facts: { customer_id: "W1", name: "北京", total_assets: "10000000.00", fraud_flag: "false", order_amount: "" }, textual: true });
    expect(factsForStorage(customers[0], new Set(["fraud_flag"]))).toEqual({ customer_id: "W1", name: "北京", total_assets: "10000000.00", fraud_flag: false });
  });

  it("detects CSV without a file name", () => {
    expect(readCustomers("customer_id,a\nX,1").customers[0].id).toBe("X");
  });
});
