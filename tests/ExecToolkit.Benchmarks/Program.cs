using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ExecToolkit.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(16).WithLaunchCount(1));
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(ExecToolkit.Benchmarks.ExecThroughputBenchmarks).Assembly).Run(args, config).ToArray();

// The ratios the exec runtime and shell-free issues ask for: executions per second of SipExec, with and without the
// shell, over those of popen, per command and concurrency.
foreach (Summary summary in summaries.Where(s => s.BenchmarksCases.Any(b => b.Descriptor.Type.Name == "ExecThroughputBenchmarks")))
{
    Console.WriteLine();
    Console.WriteLine("SipExec throughput as a share of the popen floor (medians of the iterations):");
    // throughput.sh asks for the figures as CSV too (EXECTOOLKIT_THROUGHPUT_CSV), which exectoolkit-charts draws.
    string? csvPath = Environment.GetEnvironmentVariable("EXECTOOLKIT_THROUGHPUT_CSV");
    var csv = new System.Text.StringBuilder("command,concurrency,popen_per_s,shell_per_s,noshell_per_s\n");
    string[] order = ["binary", "script", "builtin"];
    foreach (var group in summary.Reports
        .GroupBy(r => (Command: (string)r.BenchmarkCase.Parameters["Command"], Concurrency: (int)r.BenchmarkCase.Parameters["Concurrency"]))
        .OrderBy(g => Array.IndexOf(order, g.Key.Command)).ThenBy(g => g.Key.Concurrency))
    {
        // Medians: an iteration that a neighbour on the host slowed down moves a mean, not a median.
        double? Median(string method) => group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median;
        double? shell = Median("SipExecDset");
        double? direct = Median("SipExecDsetWithoutShell");
        double? popen = Median("PopenFloor");
        if (shell is double e && direct is double d && popen is double p)
        {
            Console.WriteLine($"  {group.Key.Command,-7} concurrency {group.Key.Concurrency}: popen {1e9 / p:0}/s; with the shell {1e9 / e:0}/s ({p / e:P0}); without {1e9 / d:0}/s ({p / d:P0})");
            csv.Append(System.FormattableString.Invariant($"{group.Key.Command},{group.Key.Concurrency},{1e9 / p:0.#},{1e9 / e:0.#},{1e9 / d:0.#}\n"));
        }
    }

    if (!string.IsNullOrEmpty(csvPath))
    {
        System.IO.File.WriteAllText(csvPath, csv.ToString());
        Console.WriteLine("Written: " + csvPath);
    }
}
