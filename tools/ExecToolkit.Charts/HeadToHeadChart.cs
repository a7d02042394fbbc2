using ScottPlot;

namespace ExecToolkit.Charts;

/// <summary>
/// The head-to-head: for each server, the median and p99 response time (log scale) and the share of failed calls
/// against the call rate. Input columns: rate, server, round, calls, failed, median_ms, p99_ms (one row per round;
/// the chart takes the median over rounds, as the script's table does).
/// </summary>
internal static class HeadToHeadChart
{
    private static readonly Color[] Colors = [new("#1f77b4"), new("#d62728"), new("#2ca02c"), new("#9467bd"), new("#ff7f0e")];

    public static byte[] Draw(IReadOnlyList<CsvRow> rows, Caption caption)
    {
        var series = rows
            .GroupBy(r => r.Text("server"))
            .Select(server => (Name: server.Key, Points: server
                .GroupBy(r => r.Number("rate"))
                .OrderBy(g => g.Key)
                .Select(g => (Rate: g.Key,
                    Median: Median(g.Select(r => r.Number("median_ms"))),
                    P99: Median(g.Select(r => r.Number("p99_ms"))),
                    FailedShare: Median(g.Select(r => 100 * r.Number("failed") / r.Number("calls")))))
                .ToArray()))
            .ToArray();
        double[] rates = series.SelectMany(s => s.Points.Select(p => p.Rate)).Distinct().Order().ToArray();

        var times = new Plot();
        times.Title("Response time against call rate (exec_dset lookup, 302)");
        times.YLabel("response time, ms (log scale)");
        times.XLabel("calls per second offered");
        var failures = new Plot();
        failures.Title("Failed calls against call rate");
        failures.YLabel("failed calls, % of calls sent");
        failures.XLabel("calls per second offered");
        for (int i = 0; i < series.Length; i++)
        {
            Color color = Colors[i % Colors.Length];
            var points = series[i].Points;
            double[] x = points.Select(p => p.Rate).ToArray();
            var p99 = times.Add.Scatter(x, points.Select(p => Math.Log10(p.P99)).ToArray(), color);
            p99.LegendText = series[i].Name + ", p99";
            p99.LineWidth = 2;
            p99.MarkerSize = 7;
            var median = times.Add.Scatter(x, points.Select(p => Math.Log10(p.Median)).ToArray(), color);
            median.LegendText = series[i].Name + ", median";
            median.LinePattern = LinePattern.Dashed;
            median.MarkerShape = MarkerShape.OpenCircle;
            median.MarkerSize = 6;
            var failed = failures.Add.Scatter(x, points.Select(p => p.FailedShare).ToArray(), color);
            failed.LegendText = series[i].Name;
            failed.LineWidth = 2;
            failed.MarkerSize = 7;
        }

        // Log scale: the values are log10(ms); ticks at the powers of ten, labelled in ms, minor ticks between.
        times.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (Plot plot in new[] { times, failures })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(rates, rates.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plot.ShowLegend(Alignment.UpperLeft);
        }

        failures.Axes.SetLimitsY(-0.5, Math.Max(10, series.SelectMany(s => s.Points).Select(p => p.FailedShare).Where(double.IsFinite).DefaultIfEmpty(0).Max() * 1.1));
        return caption.Compose(times.GetImageBytes(1200, 620, ImageFormat.Png), failures.GetImageBytes(1200, 380, ImageFormat.Png));
    }

    internal static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
