using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ExecToolkit.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(16).WithLaunchCount(1));
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(ExecToolkit.Benchmarks.ExecThroughputBenchmarks).Assembly).Run(args, config).ToArray();

// The ratio the exec runtime issue asks for: executions per second of SipExec over those of popen, per concurrency.
foreach (Summary summary in summaries.Where(s => s.BenchmarksCases.Any(b => b.Descriptor.Type.Name == "ExecThroughputBenchmarks")))
{
    Console.WriteLine();
    Console.WriteLine("SipExec throughput as a share of the popen floor:");
    foreach (var group in summary.Reports.GroupBy(r => r.BenchmarkCase.Parameters["Concurrency"]))
    {
        // Medians: an iteration that a neighbour on the host slowed down moves a mean, not a median.
        double? Median(string method) => group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median;
        double? exec = Median("SipExecDset");
        double? popen = Median("PopenFloor");
        if (exec is double e && popen is double p)
        {
            Console.WriteLine($"  concurrency {group.Key}: SipExec {1e9 / e:0}/s, popen {1e9 / p:0}/s, ratio {p / e:P0} (medians of the iterations)");
        }
    }
}
