using System;
using System.Collections.Concurrent;
using System.Threading;

namespace ExecToolkit.Processes;

/// <summary>
/// Dedicated threads for the blocking poll loops, reused between commands: starting a thread costs about as much as
/// a quarter of a short command, and the loops must not block the .NET thread pool. A thread that stays idle for
/// <see cref="IdleTimeout"/> ends.
/// </summary>
internal static class ShellThreads
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentQueue<Action> Work = new();
    private static readonly SemaphoreSlim Signal = new(0);
    private static int idle;

    public static void Run(Action work)
    {
        Work.Enqueue(work);
        if (Volatile.Read(ref idle) == 0)
        {
            new Thread(Loop) { IsBackground = true, Name = "ExecToolkit shell" }.Start();
        }

        Signal.Release();
    }

    private static void Loop()
    {
        while (true)
        {
            Interlocked.Increment(ref idle);
            bool signaled = Signal.Wait(IdleTimeout);
            Interlocked.Decrement(ref idle);
            if (Work.TryDequeue(out Action? work))
            {
                work();
                continue;
            }

            if (!signaled)
            {
                return;
            }
        }
    }
}
