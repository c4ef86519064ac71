/** The score build-up: one bar per indicator, its contribution to the score (weight × points / 100). */
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { Bar } from "react-chartjs-2";
import type { IndicatorRecord } from "../../../engine/index.js";
import { useI18n } from "../i18n/i18n.js";
import { chartNumber } from "./chart-number.js";

ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export function ContributionChart({ indicators, labels }: { indicators: IndicatorRecord[]; labels: Record<string, string | null> }) {
  const { t } = useI18n();
  const names = indicators.map((i) => (labels[i.code] ? `${i.code} ${labels[i.code]}` : i.code));
  return (
    <div className="chart contribution-chart" data-testid="contribution-chart" style={{ height: Math.max(120, indicators.length * 22 + 40) }}>
      <Bar
        data={{
          labels: names,
          datasets: [
            { label: t("contribution"), data: indicators.map((i) => chartNumber(i.contribution)), backgroundColor: "#2f6fdf" },
            { label: `${t("weight")} − ${t("contribution")}`, data: indicators.map((i) => chartNumber(i.weight) - chartNumber(i.contribution)), backgroundColor: "#d8dee9" },
          ],
        }}
        options={{
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true, ticks: { autoSkip: false, font: { size: 11 } } } },
          plugins: {
            legend: { position: "bottom", labels: { boxWidth: 10 } },
            // Tooltips show the exact decimal strings, not the numbers used to draw the bars.
            tooltip: {
              callbacks: {
                label: (ctx) => {
                  const ind = indicators[ctx.dataIndex];
                  return ctx.datasetIndex === 0 ? `${t("contribution")} ${ind.contribution} (${t("points")} ${ind.points} × ${t("weight")} ${ind.weight} / 100)` : `${t("weight")} ${ind.weight}`;
                },
              },
            },
          },
        }}
      />
    </div>
  );
}
