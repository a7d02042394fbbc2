using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>Runs alone: it counts the test process's descriptors and children.</summary>
[CollectionDefinition(nameof(ProcessAccounting), DisableParallelization = true)]
public sealed class ProcessAccounting
{
}

/// <summary>time_to_kill, cancellation and reaping, checked in /proc.</summary>
[Collection(nameof(ProcessAccounting))]
public class ProcessControlTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    private static SipExec Exec(double timeToKillSeconds = 0) => new(new ExecOptions
    {
        TimeToKill = TimeSpan.FromSeconds(timeToKillSeconds),
        KillGrace = Grace,
        Stderr = StderrHandling.Capture,
    });

    private static RequestContext Request() => ShellSafePropertyTests.MinimalRequest();

    // Processes whose command line carries the marker (a unique sleep duration), this test's own process excluded.
    private static int[] ProcessesWith(string marker)
        => Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid =>
            {
                try
                {
                    string cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                    string state = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("State:", StringComparison.Ordinal));
                    return cmdline.Contains(marker, StringComparison.Ordinal) && !state.Contains('Z', StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToArray();

    internal static int Zombies()
        => Directory.GetDirectories("/proc")
            .Select(d => Path.GetFileName(d))
            .Where(n => n.All(char.IsDigit))
            .Count(n =>
            {
                try
                {
                    string[] status = File.ReadAllLines($"/proc/{n}/status");
                    return status.Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal))
                        && status.Any(l => l == "PPid:\t" + Environment.ProcessId);
                }
                catch (IOException)
                {
                    return false;
                }
            });

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Theory]
    [InlineData("sleep 1000.1")]
    [InlineData("sleep 1000.2 & sleep 1000.2; :")]
    [InlineData("trap '' TERM; sh -c 'trap \"\" TERM; sleep 1000.3'; :")]
    public async Task Time_to_kill_ends_the_whole_process_group(string command)
    {
        string marker = command.Split(' ').First(w => w.StartsWith("1000.", StringComparison.Ordinal)).TrimEnd('\'', ';');
        using var exec = Exec(timeToKillSeconds: 0.5);
        await exec.ExecMsgAsync(Request(), "cat >/dev/null"); // warm-up: JIT and first spawn are not what is measured
        var clock = Stopwatch.StartNew();

        var result = await exec.ExecMsgAsync(Request(), command);
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(-1, result.ReturnCode);
        Assert.Equal(ExecFailure.TimedOut, result.Failure);
        Assert.True(result.TimedOut);
        Assert.NotNull(result.Signal);
        Assert.Empty(ProcessesWith(marker));
        // From spawn to reaping (after which the whole group is gone): time to kill + grace + 100 ms at most.
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5) + Grace + TimeSpan.FromMilliseconds(100));
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the call took {elapsed}");
    }

    [Fact]
    public async Task A_background_child_holding_stdout_does_not_block_exec_dset()
    {
        using var exec = Exec(timeToKillSeconds: 5);
        var clock = Stopwatch.StartNew();

        var result = await exec.ExecDsetAsync(Request(), "echo sip:first@127.0.0.1; sleep 1000.4 & :");
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(1, result.ReturnCode);
        Assert.Equal("sip:first@127.0.0.1", result.RequestUri);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        foreach (int pid in ProcessesWith("1000.4"))
        {
            Process.GetProcessById(pid).Kill();
        }
    }

    [Fact]
    public async Task Without_a_time_limit_a_background_child_holding_stdout_is_left_alone_but_does_not_block()
    {
        using var exec = Exec();
        var clock = Stopwatch.StartNew();

        var result = await exec.ExecAvpAsync(Request(), "echo one; sleep 1000.5 & :");

        Assert.Equal(1, result.ReturnCode);
        Assert.Equal("one", result.Assignments.Single().Value);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        int[] left = ProcessesWith("1000.5");
        Assert.Single(left);
        Process.GetProcessById(left[0]).Kill();
    }

    [Theory]
    [InlineData("sleep 0.4; echo sip:late@127.0.0.1")]
    [InlineData("echo sip:first@127.0.0.1; exec >&-; sleep 0.4; :")]
    [InlineData("echo sip:first@127.0.0.1; sleep 1000.8 & :")]
    public void Waiting_on_a_command_or_on_a_child_holding_stdout_does_not_spin(string command)
    {
        // A long command, one that closes stdout long before exiting, and one whose background child keeps stdout
        // open through the drain: the wait is in poll, so the thread that runs the command (here a worker thread,
        // which runs its commands itself) spends a small share of the time on CPU. Its own CPU time is measured, not
        // the process's, which background compilation moves. The least of three runs counts.
        using var exec = new SipExec(new ExecOptions { TimeToKill = TimeSpan.FromSeconds(5), OutputDrain = TimeSpan.FromMilliseconds(400) });
        double leastShare = double.MaxValue;
        string shares = "";
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                using IDisposable scope = ExecWorkerThread.Enter();
                for (int run = 0; run < 3; run++)
                {
                    TimeSpan cpuBefore = ThisThreadCpu();
                    var clock = Stopwatch.StartNew();

                    DsetResult result = exec.ExecDsetAsync(Request(), command).AsTask().GetAwaiter().GetResult();
                    TimeSpan elapsed = clock.Elapsed;
                    TimeSpan cpu = ThisThreadCpu() - cpuBefore;

                    Assert.True(result.ReturnCode == 1, result.ToString());
                    Assert.True(elapsed >= TimeSpan.FromMilliseconds(350), $"the wait was {elapsed}");
                    leastShare = Math.Min(leastShare, cpu / elapsed);
                    shares += $" {cpu.TotalMilliseconds:F0}/{elapsed.TotalMilliseconds:F0} ms";
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        worker.Start();
        worker.Join();
        foreach (int pid in ProcessesWith("1000.8"))
        {
            Process.GetProcessById(pid).Kill();
        }

        Assert.Null(failure);

        // A loop polling without waiting would take a whole core: 1.0.
        Assert.True(leastShare < 0.1, "CPU/elapsed:" + shares);
    }

    // utime + stime of the calling thread (clock ticks of 10 ms), from /proc/thread-self/stat.
    private static TimeSpan ThisThreadCpu()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    [Fact]
    public async Task Cancellation_kills_the_group()
    {
        using var exec = Exec();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await exec.ExecDsetAsync(Request(), "sleep 1000.6; :", cancellationToken: cts.Token);

        Assert.Equal(ExecFailure.Canceled, result.Failure);
        Assert.False(result.TimedOut);
        Assert.Empty(ProcessesWith("1000.6"));
    }

    [Fact]
    public async Task Ten_thousand_executions_leave_no_zombie_and_no_descriptor()
    {
        using var exec = new SipExec(new ExecOptions { MaxConcurrency = 8 });
        var request = Request();
        await exec.ExecCmdAsync(null, "true");
        int descriptors = OpenDescriptors();

        for (int round = 0; round < 100; round++)
        {
            var calls = Enumerable.Range(0, 100).Select(i => (i % 4) switch
            {
                0 => exec.ExecCmdAsync(null, "true").AsTask(),
                1 => exec.ExecDsetAsync(RequestCopy(request), "echo sip:a@127.0.0.1; :").AsTask().ContinueWith(t => (ExecResult)t.Result, TaskScheduler.Default),
                2 => exec.ExecMsgAsync(request, "cat >/dev/null").AsTask(),
                _ => exec.ExecAvpAsync(RequestCopy(request), "echo x").AsTask().ContinueWith(t => (ExecResult)t.Result, TaskScheduler.Default),
            });
            var results = await Task.WhenAll(calls);
            Assert.All(results, r => Assert.Equal(1, r.ReturnCode));
        }

        Assert.Equal(0, Zombies());
        // A leak would show as thousands; a few descriptors of the runtime's own (thread pool, timers) may come and go.
        Assert.InRange(OpenDescriptors(), 0, descriptors + 8);
    }

    private static RequestContext RequestCopy(RequestContext r) => new(r.Request);
}
