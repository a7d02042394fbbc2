using System.CommandLine;
using ExecToolkit.Charts;

// Draws the charts the measuring scripts keep in the docs: tests/headtohead/run.sh (headtohead) and
// tests/ExecToolkit.Benchmarks/throughput.sh (throughput). Each reads the CSV its script wrote and writes one PNG,
// captioned with the date of the measurement and the command that made it.
var input = new Option<FileInfo>("--input") { Description = "The CSV the measuring script wrote.", Required = true };
var output = new Option<FileInfo>("--output") { Description = "The PNG to write.", Required = true };
var command = new Option<string>("--command") { Description = "The command that measured, shown under the chart.", Required = true };
var date = new Option<string>("--date") { Description = "When it was measured (default: the input file's time, UTC).", HelpName = "TEXT" };

var root = new RootCommand("Charts of ExecToolkit's measurements, drawn with ScottPlot.");
foreach ((string name, string description, Func<IReadOnlyList<CsvRow>, Caption, byte[]> draw) in new (string, string, Func<IReadOnlyList<CsvRow>, Caption, byte[]>)[]
{
    ("headtohead", "Median and p99 response time and failed calls against the call rate (tests/headtohead/run.sh).", HeadToHeadChart.Draw),
    ("throughput", "exec_dset rate with and without the shell as a share of the popen floor (tests/ExecToolkit.Benchmarks/throughput.sh).", ThroughputChart.Draw),
})
{
    var chart = new Command(name, description) { input, output, command, date };
    chart.SetAction(parsed =>
    {
        FileInfo from = parsed.GetValue(input)!;
        FileInfo to = parsed.GetValue(output)!;
        try
        {
            IReadOnlyList<CsvRow> rows = CsvRow.Read(from.FullName);
            var caption = new Caption(parsed.GetValue(date) ?? from.LastWriteTimeUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture), parsed.GetValue(command)!);
            byte[] png = draw(rows, caption);
            to.Directory?.Create();
            File.WriteAllBytes(to.FullName, png);
            Console.WriteLine(to.FullName);
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("exectoolkit-charts " + name + ": " + e.Message);
            return 1;
        }
    });
    root.Subcommands.Add(chart);
}

return root.Parse(args).Invoke();
