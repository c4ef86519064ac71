// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DecisionRecord, ErrorRecord } from "../../../engine/index.js";
import { I18nProvider } from "../i18n/i18n.js";
import { DecisionView } from "./DecisionView.js";

// Canvas drawing is not what is under test here; jsdom has no canvas.
vi.mock("./ContributionChart.js", () => ({ ContributionChart: () => <div data-testid="contribution-chart" /> }));

afterEach(cleanup);

const xss = "<img src=x onerror=alert(1)>";

const record: DecisionRecord = {
  customerId: "W1",
  ruleset: "demo",
  score: "85.9",
  grade: "A",
  gradeReasons: [],
  termDays: 60,
  limit: "540000",
  warnings: [{ code: "LIMIT_EXCEEDED", severity: "critical", action: "freeze" }],
  frozen: true,
  approval: { level: 2, chain: ["sales_manager", "general_manager"], exception: true },
  outputs: { paymentMode: "credit" },
  indicators: [{ code: "debt_ratio", value: "0.5", points: "75", weight: "12", contribution: "9" }],
  explanation: {
    indicators: [{ code: "debt_ratio", label: xss, value: "0.5", band: "<= 55% -> 75", line: 12, points: "75", weight: "12", contribution: "9" }],
    grade: { scoreGrade: "A", final: "A", caps: [{ code: "CAP_X", label: null, at: "B", holds: false, condition: "x", line: 20, values: {} }] },
    terms: { row: "A: 60 days, limit min(3 × F, 3 × C)", line: 30, limitBeforeRounding: "540000" },
    warnings: [{ code: "LIMIT_EXCEEDED", label: xss, fired: true, condition: "exposure > current_limit", line: 40, values: { exposure: "3472785.12", current_limit: "3371636.04" } }],
    approval: { route: "level 2 when requested_limit <= 3,000,000", line: 50 },
  },
};

function show(r: DecisionRecord | ErrorRecord, onJump = vi.fn()) {
  render(
    <I18nProvider locale="en">
      <DecisionView record={r} onJump={onJump} />
    </I18nProvider>,
  );
  return onJump;
}

describe("DecisionView", () => {
  it("explains the decision: band, warning values and route, each linked to its line", () => {
    const onJump = show(record);
    expect(screen.getByTestId("grade").textContent).toBe("A");
    expect(screen.getByText("<= 55% -> 75")).toBeTruthy();
    expect(screen.getByTestId("warning").textContent).toContain("3472785.12");
    expect(screen.getByTestId("approval").textContent).toContain("sales_manager → general_manager");
    fireEvent.click(screen.getAllByRole("button", { name: "line 40" })[0]);
    expect(onJump).toHaveBeenCalledWith(40);
  });

  it("shows labels from users as text, never as markup", () => {
    const { container } = render(
      <I18nProvider locale="en">
        <DecisionView record={record} onJump={() => undefined} />
      </I18nProvider>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain(xss);
  });

  it("lists every problem of an error record", () => {
    show({ customerId: "C9", error: { code: "MISSING_FIELD", field: "a", message: "customer C9: required field a is missing" }, errors: [{ code: "MISSING_FIELD", field: "a", message: "customer C9: required field a is missing" }, { code: "INVALID_NUMBER", field: "b", message: "customer C9: field b must be a number" }] });
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
  });
});
