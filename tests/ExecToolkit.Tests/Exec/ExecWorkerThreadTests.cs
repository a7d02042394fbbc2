using System;
using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.Tests.Exec;

/// <summary>A thread of the application's own that runs its commands itself, as a Kamailio child process does.</summary>
public class ExecWorkerThreadTests
{
    [Fact]
    public void On_a_worker_thread_a_command_runs_on_that_thread_and_the_call_returns_completed() => OnOwnThread(() =>
    {
        using var exec = new SipExec();
        using (ExecWorkerThread.Enter())
        {
            Assert.True(ExecWorkerThread.IsCurrent);
            var request = Templates.ShellSafePropertyTests.MinimalRequest();
            ValueTask<DsetResult> call = exec.ExecDsetAsync(request, "echo sip:worker@127.0.0.1; :");

            Assert.True(call.IsCompleted, "the call returned before its command ended");
            DsetResult result = call.Result;
            Assert.Equal(1, result.ReturnCode);
            Assert.Equal("sip:worker@127.0.0.1", result.RequestUri);
        }

        Assert.False(ExecWorkerThread.IsCurrent);
    });

    [Fact]
    public void Scopes_nest_and_restore_what_was_there() => OnOwnThread(() =>
    {
        IDisposable outer = ExecWorkerThread.Enter();
        using (ExecWorkerThread.Enter())
        {
            Assert.True(ExecWorkerThread.IsCurrent);
        }

        Assert.True(ExecWorkerThread.IsCurrent);
        outer.Dispose();
        Assert.False(ExecWorkerThread.IsCurrent);
    });

    [Fact]
    public async Task A_thread_pool_thread_cannot_become_a_worker()
    {
        InvalidOperationException e = await Task.Run(() => Assert.Throws<InvalidOperationException>(() => ExecWorkerThread.Enter()));
        Assert.Contains("thread-pool", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_threads_are_not_workers()
    {
        Assert.False(await Task.Run(() => ExecWorkerThread.IsCurrent));
    }

    // Runs the body on a thread of its own (not the thread pool), as a server's worker is, and rethrows its failure.
    private static void OnOwnThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
