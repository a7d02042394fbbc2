using System;
using System.Threading;
using ExecToolkit.Processes;

namespace ExecToolkit;

/// <summary>
/// Makes the current thread a dedicated exec worker, as each Kamailio child process is: a command started on it by
/// any <see cref="SipExec"/> runs on this same thread, and the exec call returns completed, with no hand-off to
/// ExecToolkit's shell threads and back. For servers that receive and route on threads of their own (a blocking
/// receive loop per thread); never for thread-pool threads, which must not block for the length of a command.
/// </summary>
/// <remarks>
/// Commands started on a worker thread run one after the other: starting several and then awaiting them all runs
/// them in sequence, not in parallel. The executor's concurrency limit still applies; give it at least as many slots as
/// there are worker threads, or a worker blocks until another one's command ends.
/// </remarks>
public static class ExecWorkerThread
{
    /// <summary>Whether the current thread is an exec worker.</summary>
    public static bool IsCurrent => ShellThreads.InlineHere;

    /// <summary>Makes the current thread an exec worker until the returned scope is disposed (on this thread).</summary>
    /// <exception cref="InvalidOperationException">The current thread belongs to the thread pool.</exception>
    public static IDisposable Enter()
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            throw new InvalidOperationException("a thread-pool thread cannot be an exec worker: it would block for the length of each command; start a thread of your own");
        }

        var scope = new WorkerScope(ShellThreads.InlineHere);
        ShellThreads.InlineHere = true;
        return scope;
    }

    private sealed class WorkerScope(bool previous) : IDisposable
    {
        public void Dispose() => ShellThreads.InlineHere = previous;
    }
}
