import { describe, expect, it } from "vitest";
import { parseArff } from "./arff.js";
import { parseFactsText } from "./facts-file.js";

const sample = `% a comment
@relation 'tiny loans'
@attribute checking_status { '<0', '0<=X<200', 'no checking'}
@attribute duration numeric
@attribute purpose { 'new car', radio/tv }
@attribute note string
@attribute class { good, bad}

@data
'<0',6,radio/tv,'it\\'s fine',good
'no checking',12.50,'new car',?,bad
% trailing comment
'0<=X<200', 48 , radio/tv , "quoted, with comma" , good
`;

describe("ARFF facts", () => {
  it("reads attributes, quoted and unquoted nominal values, decimals as written and missing values", () => {
    const data = parseArff(sample);
    expect(data.relation).toBe("tiny loans");
    expect(data.attributes.map((a) => `${a.name}:${a.kind}`)).toEqual(["checking_status:nominal", "duration:numeric", "purpose:nominal", "note:string", "class:nominal"]);
    expect(data.rows).toEqual([
      { checking_status: "<0", duration: "6", purpose: "radio/tv", note: "it's fine", class: "good" },
      { checking_status: "no checking", duration: "12.50", purpose: "new car", class: "bad" },
      { checking_status: "0<=X<200", duration: "48", purpose: "radio/tv", note: "quoted, with comma", class: "good" },
    ]);
  });

  it("names the line of a row with the wrong number of values", () => {
    expect(() => parseArff(sample.replace("'<0',6,radio/tv,", "'<0',6,"))).toThrow(/^line 10: expected 5 values .* found 4/);
  });

  it("names the line, attribute and allowed values of an unknown nominal value", () => {
    expect(() => parseArff(sample.replace("'new car',?", "'old car',?"))).toThrow("line 11: attribute purpose must be one of 'new car', 'radio/tv', found 'old car'");
  });

  it("rejects a number that is not one", () => {
    expect(() => parseArff(sample.replace("12.50", "12,50"))).toThrow(/line 11/);
  });

  it("refuses sparse rows and files without data", () => {
    expect(() => parseArff(sample.replace("'<0',6,radio/tv", "{0 '<0', 1 6}"))).toThrow(/sparse/);
    expect(() => parseArff("@relation x\n@attribute a numeric\n")).toThrow(/no @data/);
  });

  it("reads CSV facts with a header", () => {
    expect(parseFactsText("a,b\n1,x\n2,\n", "csv")).toEqual([
      { a: "1", b: "x" },
      { a: "2", b: "" },
    ]);
  });

  it("reads all 1000 German Credit applicants", async () => {
    const { readFileSync } = await import("node:fs");
    const data = parseArff(readFileSync(new URL("../test/fixtures/german-credit.arff", import.meta.url), "utf8"));
    expect(data.rows.length).toBe(1000);
    expect(data.attributes.length).toBe(21);
    expect(data.rows.filter((r) => r.class === "bad").length).toBe(300);
  });
});
