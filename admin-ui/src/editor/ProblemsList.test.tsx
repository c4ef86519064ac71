// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diagnostic } from "../../../engine/index.js";
import { I18nProvider } from "../i18n/i18n.js";
import { ProblemsList } from "./ProblemsList.js";

afterEach(cleanup);

const problem: Diagnostic = { code: "unknown-name", severity: "error", message: 'unknown name "totl_assets" (did you mean "total_assets"?)', span: { line: 7, column: 14, endLine: 7, endColumn: 25, start: 100, end: 111 } };

describe("ProblemsList", () => {
  it("shows each problem with its place, code and message, and jumps to it on click", () => {
    const onPick = vi.fn();
    render(
      <I18nProvider locale="zh">
        <ProblemsList diagnostics={[problem]} onPick={onPick} />
      </I18nProvider>,
    );
    const item = screen.getByTestId("problem");
    expect(item.textContent).toContain("7:14");
    expect(item.textContent).toContain("unknown-name");
    expect(screen.getByText("问题", { exact: false })).toBeTruthy();
    fireEvent.click(item);
    expect(onPick).toHaveBeenCalledWith(problem);
  });
});
