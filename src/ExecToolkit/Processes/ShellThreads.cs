using System;
using System.Collections.Concurrent;
using System.Threading;

namespace ExecToolkit.Processes;

/// <summary>
/// Dedicated threads for the blocking poll loops, reused between commands: starting a thread costs about as much as
/// a quarter of a short command, and the loops must not block the .NET thread pool. A thread that stays idle for
/// <see cref="IdleTimeout"/> ends.
/// </summary>
/// <remarks>
/// A command's caller continues on the shell thread that ran the command. When that code starts its next command
/// (an exec_dset followed by an exec_avp, a loop of lookups), the command is queued for this same thread, which takes it
/// as soon as the code returns to it (at its next await), instead of waking another thread: on a virtual machine a
/// cross-thread wake-up costs about 50 µs, a tenth of a short command. Only the first command started per work item is
/// kept this way (a second one, started before awaiting the first, wakes another thread and runs in parallel), and if the
/// thread does not come back within <see cref="KickDelay"/> (code that blocks, or computes for long, before awaiting),
/// the command goes to another thread: never a deadlock, at worst that delay.
/// </remarks>
internal static class ShellThreads
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KickDelay = TimeSpan.FromMilliseconds(20);
    private static readonly ConcurrentQueue<WorkItem> Work = new();
    private static readonly object Gate = new();
    private static readonly object KickGate = new();
    private static Thread? kicker; // guarded by KickGate
    private static int idleWaiters; // guarded by Gate
    private static int wakesPending; // guarded by Gate: pulses sent to idle threads and not yet taken
    private static int ticking;
    private static long kept;
    private static long keptAtLastTick;

    [ThreadStatic]
    private static bool isShellThread;

    [ThreadStatic]
    private static bool keptOne;

    /// <summary>Commands started on this thread run on it (see <see cref="ExecWorkerThread"/>).</summary>
    [ThreadStatic]
    internal static bool InlineHere;

    /// <summary>Work for a shell thread.</summary>
    internal abstract class WorkItem
    {
        public abstract void Execute();
    }

    public static void Run(WorkItem work)
    {
        if (InlineHere)
        {
            work.Execute();
            return;
        }

        Work.Enqueue(work);
        if (isShellThread && !keptOne)
        {
            keptOne = true;
            Interlocked.Increment(ref kept);
            if (Volatile.Read(ref ticking) == 0 && Interlocked.Exchange(ref ticking, 1) == 0)
            {
                StartTicking();
            }

            return;
        }

        Wake();
    }

    // An idle thread is woken for the work unless every idle thread already has a wake-up coming; then a new thread
    // starts, so work queued together runs in parallel. Monitor.Wait blocks at once: a semaphore that spins before it
    // sleeps would take CPU from the commands themselves, which on a small machine share the cores with this process.
    private static void Wake()
    {
        lock (Gate)
        {
            if (idleWaiters > wakesPending)
            {
                wakesPending++;
                Monitor.Pulse(Gate);
                return;
            }
        }

        new Thread(Loop) { IsBackground = true, Name = "ExecToolkit shell" }.Start();
    }

    // A thread of its own ticks every KickDelay while commands are being kept (a System.Threading.Timer would wake a
    // thread-pool worker for each tick, which then spins looking for more work, on the cores the commands need).
    private static void StartTicking()
    {
        lock (KickGate)
        {
            if (kicker is null)
            {
                kicker = new Thread(TickLoop) { IsBackground = true, Name = "ExecToolkit shell kick" };
                kicker.Start();
            }

            Monitor.Pulse(KickGate);
        }
    }

    private static void TickLoop()
    {
        while (true)
        {
            lock (KickGate)
            {
                while (Volatile.Read(ref ticking) == 0)
                {
                    Monitor.Wait(KickGate);
                }
            }

            Thread.Sleep(KickDelay);
            KickQueued();
        }
    }

    // Work still queued at a tick may be kept for a thread that has not come back for it: wake a thread per queued item
    // (a spare wake-up finds nothing and waits again). After a tick without keeping, ticking stops until the next time.
    private static void KickQueued()
    {
        long keptNow = Interlocked.Read(ref kept);
        if (keptNow == Interlocked.Exchange(ref keptAtLastTick, keptNow))
        {
            Volatile.Write(ref ticking, 0);

            // Something kept between the read and the stop may have seen ticking on: tick again for it.
            if (Interlocked.Read(ref kept) != keptNow && Interlocked.Exchange(ref ticking, 1) == 0)
            {
                keptAtLastTick = -1;
            }
        }

        for (int pending = Work.Count; pending > 0; pending--)
        {
            Wake();
        }
    }

    private static void Loop()
    {
        isShellThread = true;
        while (true)
        {
            if (Work.TryDequeue(out WorkItem? work))
            {
                keptOne = false;
                work.Execute();
                continue;
            }

            bool woken = true;
            lock (Gate)
            {
                if (Work.IsEmpty)
                {
                    idleWaiters++;
                    woken = Monitor.Wait(Gate, IdleTimeout);
                    idleWaiters--;

                    // A wake-up sent to an idle thread is taken by whichever wakes first, on time-out included.
                    if (wakesPending > 0)
                    {
                        wakesPending--;
                        woken = true;
                    }
                }
            }

            if (!woken && Work.IsEmpty)
            {
                return;
            }
        }
    }
}
