using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

// exectoolkit-paired A/Runner.dll B/Runner.dll [command] [concurrency] [rounds] [warm-up seconds]
// exectoolkit-paired --floor Runner.dll popen_floor [command] [concurrency] [rounds] [warm-up seconds]
// Both sides run in this one process (each runner build in its own load context; popen_floor as a child of it), warmed
// up together, then measured in alternating rounds of 200 calls (A then B, then B then A): a change of 1-2 us per call
// shows, which separate processes on a small virtual machine (1-2 us apart from run to run) hide.
bool floorMode = args.Length > 0 && args[0] == "--floor";
string[] rest = floorMode ? args[1..] : args;
if (rest.Length < 2)
{
    Console.Error.WriteLine("usage: exectoolkit-paired A/ExecToolkit.Paired.Runner.dll B/ExecToolkit.Paired.Runner.dll [command] [concurrency] [rounds] [warm-up seconds]");
    Console.Error.WriteLine("       exectoolkit-paired --floor ExecToolkit.Paired.Runner.dll popen_floor [command] [concurrency] [rounds] [warm-up seconds]");
    return 2;
}

string command = rest.Length > 2 ? rest[2] : "echo sip:a@127.0.0.1";
int concurrency = rest.Length > 3 ? int.Parse(rest[3], CultureInfo.InvariantCulture) : 1;
int rounds = rest.Length > 4 ? int.Parse(rest[4], CultureInfo.InvariantCulture) : 40;
TimeSpan warmUp = TimeSpan.FromSeconds(rest.Length > 5 ? int.Parse(rest[5], CultureInfo.InvariantCulture) : 25);
const int Calls = 200;

var runs = new List<Func<int, double>>();
string[] names = floorMode ? ["popen floor", "SipExec"] : ["A " + rest[0], "B " + rest[1]];
string report = "";
if (floorMode)
{
    // A is the C program of the throughput benchmark: popen of the same command with the request URI appended, as
    // exec_dset runs it; it reports its loops' own wall time (its start left out). B is the working tree's runner.
    string floor = Path.GetFullPath(rest[1]);
    report = Path.Combine(Path.GetTempPath(), "exectoolkit-paired-floor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    Environment.SetEnvironmentVariable("POPEN_FLOOR_REPORT", report);
    runs.Add(count =>
    {
        string[] floorArguments = [count.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture), command + " 'sip:bob@127.0.0.1'"];
        if (ExecToolkit.Benchmarks.ChildProcess.Run(floor, floorArguments) != 0)
        {
            throw new InvalidOperationException("popen_floor failed");
        }

        return double.Parse(File.ReadAllText(report), CultureInfo.InvariantCulture);
    });
    runs.Add(LoadRunner(rest[0]));
}
else
{
    runs.Add(LoadRunner(rest[0]));
    runs.Add(LoadRunner(rest[1]));
}

Func<int, double> LoadRunner(string runner)
{
    string path = Path.GetFullPath(runner);
    var context = new RunnerContext(path);
    Type workload = context.LoadFromAssemblyPath(path).GetType("ExecToolkit.Paired.Workload")
        ?? throw new InvalidOperationException(path + " has no ExecToolkit.Paired.Workload");
    workload.GetMethod("Initialize")!.Invoke(null, [command, concurrency]);
    return workload.GetMethod("Round")!.CreateDelegate<Func<int, double>>();
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
    // The floor's CPU is its own process's, not this one's: only its wall time is shown.
    string processor = floorMode && which == 0 ? "" : FormattableString.Invariant($", process CPU {Median(cpu[which]):0.0} us");
    Console.WriteLine(FormattableString.Invariant($"{names[which]}: {Median(wall[which]):0.0} us per call (median of {rounds} rounds of {Calls}){processor}"));
}

if (floorMode)
{
    // SipExec's rate as a share of the floor's, round by round (each SipExec round beside the floor round next to it).
    List<double> shares = wall[0].Zip(wall[1], (floorUs, execUs) => 100 * floorUs / execUs).ToList();
    Console.WriteLine(FormattableString.Invariant($"SipExec's rate as a share of the floor's: median {Median(shares):0.0} % (rounds from {shares.Min():0.0} to {shares.Max():0.0} %; at least 95 % in {shares.Count(x => x >= 95)} of {rounds}, at least 100 % in {shares.Count(x => x >= 100)})"));
    File.Delete(report);
}
else
{
    int faster = wall[1].Zip(wall[0]).Count(pair => pair.First < pair.Second);
    Console.WriteLine(FormattableString.Invariant($"B faster in {faster} of {rounds} paired rounds; mean difference B - A: {wall[1].Zip(wall[0], (b, a) => b - a).Average():0.0} us wall, {cpu[1].Zip(cpu[0], (b, a) => b - a).Average():0.0} us CPU"));
}

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
