using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

// exectoolkit-paired A/Runner.dll B/Runner.dll [command] [concurrency] [rounds] [warm-up seconds]
// Both builds run in this one process, each in its own load context, warmed up together, then measured in alternating
// rounds of 200 calls (A then B, then B then A): a change of 1-2 us per call shows, which separate processes on a small
// virtual machine (1-2 us apart from run to run) hide.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: exectoolkit-paired A/ExecToolkit.Paired.Runner.dll B/ExecToolkit.Paired.Runner.dll [command] [concurrency] [rounds] [warm-up seconds]");
    return 2;
}

string command = args.Length > 2 ? args[2] : "echo sip:a@127.0.0.1";
int concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
int rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 40;
TimeSpan warmUp = TimeSpan.FromSeconds(args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 25);
const int Calls = 200;

var runs = new List<Func<int, double>>();
foreach (string path in args.Take(2).Select(Path.GetFullPath))
{
    var context = new RunnerContext(path);
    Type workload = context.LoadFromAssemblyPath(path).GetType("ExecToolkit.Paired.Workload")
        ?? throw new InvalidOperationException(path + " has no ExecToolkit.Paired.Workload");
    workload.GetMethod("Initialize")!.Invoke(null, [command, concurrency]);
    runs.Add(workload.GetMethod("Round")!.CreateDelegate<Func<int, double>>());
}

using var process = Process.GetCurrentProcess();
var warm = Stopwatch.StartNew();
while (warm.Elapsed < warmUp)
{
    runs[0](Calls);
    runs[1](Calls);
}

var wall = new[] { new List<double>(), new List<double>() };
var cpu = new[] { new List<double>(), new List<double>() };
for (int round = 0; round < rounds; round++)
{
    for (int turn = 0; turn < 2; turn++)
    {
        int which = round % 2 == 0 ? turn : 1 - turn;
        process.Refresh();
        TimeSpan before = process.TotalProcessorTime;
        wall[which].Add(runs[which](Calls));
        process.Refresh();
        cpu[which].Add((process.TotalProcessorTime - before).TotalMicroseconds / Calls);
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

for (int which = 0; which < 2; which++)
{
    Console.WriteLine(FormattableString.Invariant($"{(which == 0 ? "A" : "B")} {args[which]}: {Median(wall[which]):0.0} us per call (median of {rounds} rounds of {Calls}), process CPU {Median(cpu[which]):0.0} us"));
}

int faster = wall[1].Zip(wall[0]).Count(pair => pair.First < pair.Second);
Console.WriteLine(FormattableString.Invariant($"B faster in {faster} of {rounds} paired rounds; mean difference B - A: {wall[1].Zip(wall[0], (b, a) => b - a).Average():0.0} us wall, {cpu[1].Zip(cpu[0], (b, a) => b - a).Average():0.0} us CPU"));
return 0;

/// <summary>A runner build and its own copy of ExecToolkit, resolved from the runner's folder.</summary>
internal sealed class RunnerContext(string path) : AssemblyLoadContext(isCollectible: false)
{
    private readonly AssemblyDependencyResolver resolver = new(path);

    protected override Assembly? Load(AssemblyName assemblyName)
        => resolver.ResolveAssemblyToPath(assemblyName) is string found ? LoadFromAssemblyPath(found) : null;

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        => resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is string found ? LoadUnmanagedDllFromPath(found) : IntPtr.Zero;
}
