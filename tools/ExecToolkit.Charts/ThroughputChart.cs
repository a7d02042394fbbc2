using ScottPlot;

namespace ExecToolkit.Charts;

/// <summary>
/// The exec_dset throughput: SipExec's rate with and without the shell as a share of the popen floor's, per command
/// and concurrency, with the targets drawn as lines. Input columns: command, concurrency, popen_per_s, shell_per_s,
/// noshell_per_s.
/// </summary>
internal static class ThroughputChart
{
    public static byte[] Draw(IReadOnlyList<CsvRow> rows, Caption caption)
    {
        var plot = new Plot();
        plot.Title("exec_dset throughput as a share of popen's (C, /bin/sh -c)");
        plot.YLabel("rate / popen rate");
        var shell = new Color("#d62728");
        var direct = new Color("#2ca02c");
        var ticks = new List<Tick>();
        double position = 0;
        string? previous = null;
        foreach (CsvRow row in rows)
        {
            string command = row.Text("command");
            if (previous is not null && previous != command)
            {
                position += 1; // a gap between commands
            }

            previous = command;
            double popen = row.Number("popen_per_s");
            Bar(plot, position, row.Number("shell_per_s") / popen, shell);
            Bar(plot, position + 1, row.Number("noshell_per_s") / popen, direct);
            ticks.Add(new Tick(position + 0.5, Describe(command) + "\n" + row.Text("concurrency") + " in flight"));
            position += 3;
        }

        // The floor, and the targets: 1.5x for shell-free binaries and scripts, 95 % with the shell at 1 in flight.
        plot.Add.HorizontalLine(1.0, 1, Colors.Black);
        plot.Add.HorizontalLine(1.5, 1, Colors.Gray, LinePattern.Dashed);
        plot.Add.HorizontalLine(0.95, 1, Colors.Gray, LinePattern.Dotted);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "through /bin/sh -c (ShellUse.Always)", FillColor = shell });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "without the shell (ShellUse.WhenNeeded)", FillColor = direct });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "popen floor (1.0)", LineColor = Colors.Black, LineWidth = 1 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "1.5x: shell-free target", LineColor = Colors.Gray, LineWidth = 1, LinePattern = LinePattern.Dashed });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "0.95: with-shell target at 1 in flight", LineColor = Colors.Gray, LineWidth = 1, LinePattern = LinePattern.Dotted });
        plot.ShowLegend(Alignment.UpperRight);
        return caption.Compose(plot.GetImageBytes(1200, 560, ImageFormat.Png));
    }

    private static string Describe(string command) => command switch
    {
        "binary" => "binary /bin/echo",
        "script" => "#!/bin/sh script",
        "builtin" => "builtin echo",
        _ => command,
    };

    private static void Bar(Plot plot, double position, double value, Color color)
    {
        var bar = plot.Add.Bar(position, value);
        bar.Color = color;
        bar.Bars[0].Label = value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        bar.ValueLabelStyle.FontSize = 12;
    }
}
