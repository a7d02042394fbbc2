using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.Tests.Exec;

/// <summary>
/// Code that continues after a command runs on the thread that ran it, and the next command it starts is kept for that
/// thread. What users rely on: keeping never serialises commands started together, and never deadlocks code that
/// blocks on a command there. The scenarios run outside xunit's synchronization context, as server code does.
/// </summary>
public class ShellThreadTests
{
    [Fact]
    public Task Commands_started_together_after_a_command_run_in_parallel() => Task.Run(ThreeSleepsTogether);

    [Fact]
    public Task Blocking_on_a_command_after_a_command_does_not_deadlock() => Task.Run(BlockOnShellThread);

    [Fact]
    public Task A_chain_of_commands_stays_on_its_thread_with_results_in_order() => Task.Run(Chain);

    [Fact]
    public async Task A_burst_of_commands_gets_a_thread_each()
    {
        // Six commands queued at once, while earlier threads may be idle or gone: each must get a thread of its own.
        using var exec = new SipExec(new ExecOptions { MaxConcurrency = 6 });
        var clock = Stopwatch.StartNew();
        Task<ExecResult>[] burst = new Task<ExecResult>[6];
        for (int i = 0; i < burst.Length; i++)
        {
            burst[i] = exec.ExecCmdAsync(null, "sleep 0.5").AsTask();
        }

        ExecResult[] results = await Task.WhenAll(burst);
        clock.Stop();
        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.4), "six 0.5 s sleeps started together took " + clock.Elapsed);
    }

    private static async Task ThreeSleepsTogether()
    {
        using var exec = new SipExec(new ExecOptions { MaxConcurrency = 8 });
        await OnShellThread(exec).ConfigureAwait(false);

        // On the shell thread that ran "true": three sleeps started before awaiting any of them.
        var clock = Stopwatch.StartNew();
        ExecResult[] results = await Task.WhenAll(
            exec.ExecCmdAsync(null, "sleep 0.6").AsTask(),
            exec.ExecCmdAsync(null, "sleep 0.6").AsTask(),
            exec.ExecCmdAsync(null, "sleep 0.6").AsTask()).ConfigureAwait(false);
        clock.Stop();

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), "three 0.6 s sleeps took " + clock.Elapsed + ": they ran one after the other");
    }

    private static async Task BlockOnShellThread()
    {
        using var exec = new SipExec();
        await OnShellThread(exec).ConfigureAwait(false);

        // Sync-over-async on a shell thread is a mistake, but it must cost a short delay, not a hang.
        Task<ExecResult> blocked = exec.ExecCmdAsync(null, "exit 3").AsTask();
        Assert.True(blocked.Wait(TimeSpan.FromSeconds(10)), "a command started and waited for on a shell thread never ran");
        Assert.Equal(3, blocked.Result.ExitCode);
    }

    // Continues on a shell thread: after a command, unless the command finished before its await (then try again).
    private static async Task OnShellThread(SipExec exec)
    {
        for (int attempt = 0; attempt < 20 && Thread.CurrentThread.Name != "ExecToolkit shell"; attempt++)
        {
            await exec.ExecCmdAsync(null, "sleep 0.02").ConfigureAwait(false);
        }

        Assert.Equal("ExecToolkit shell", Thread.CurrentThread.Name);
    }

    private static async Task Chain()
    {
        using var exec = new SipExec();
        await OnShellThread(exec).ConfigureAwait(false);
        for (int i = 0; i < 50; i++)
        {
            ExecResult result = await exec.ExecCmdAsync(null, "exit " + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            Assert.Equal(i % 7, result.ExitCode);
            Assert.Equal("ExecToolkit shell", Thread.CurrentThread.Name);
        }
    }
}
