using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Sip;

namespace ExecToolkit.Processes;

/// <summary>
/// Runs <c>sh -c</c> with <c>posix_spawn</c>: the child leads a new process group, gets default signal dispositions and
/// exactly the environment block given, and its pipes are served by one poll loop on a dedicated thread, so a slow
/// reader of stdin and a chatty writer of stdout can never deadlock each other. A time limit or a cancellation sends
/// SIGTERM to the whole group, then SIGKILL after the grace period. The child is always reaped.
/// </summary>
internal static unsafe class ShellRunner
{
    private const int ReadBufferSize = 64 * 1024;

    // The first wait for a running command before its output is read anyway (then doubling to 50 ms while none comes).
    private const int FirstTickMs = 2;

    // Linux's default pipe buffer.
    private const int PipeCapacity = 64 * 1024;

    public static Task<ShellOutcome> RunAsync(ShellRun run, CancellationToken cancellationToken)
    {
        var job = new Job(run, cancellationToken);
        ShellThreads.Run(job);
        return job.Task;
    }

    // A command for a shell thread and its result in one object (no closure and delegate per command).
    private sealed class Job(ShellRun run, CancellationToken cancellationToken) : ShellThreads.WorkItem
    {
        private readonly TaskCompletionSource<ShellOutcome> result = new(TaskCreationOptions.None);

        public Task<ShellOutcome> Task => result.Task;

        public override void Execute()
        {
            try
            {
                result.SetResult(Run(run, cancellationToken));
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        }
    }

    public static ShellOutcome Run(ShellRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        long started = Stopwatch.GetTimestamp();
        int pid = Spawn(run, out int stdinFd, out int stdoutFd, out int stderrFd, out int pidFd);
        using var loop = new Loop(run, pid, pidFd, stdinFd, stdoutFd, stderrFd, started);
        using (cancellationToken.Register(static state => ((Loop)state!).RequestCancel(), loop))
        {
            return loop.Execute();
        }
    }

    // Linux's limit on one argument or one environment string, NUL included (MAX_ARG_STRLEN: 32 pages of 4 KiB).
    private const int MaxArgumentBytes = 131072;

    /// <summary>Why execve said E2BIG ("Argument list too long"): which string is over the per-string limit, if one is.</summary>
    private static string DescribeTooBig(int commandBytes, byte[][] inherited, ReadOnlySpan<byte> variables)
    {
        const string Limit = " bytes; Linux takes at most 131,072 bytes in one argument or environment string (MAX_ARG_STRLEN)";
        if (commandBytes + 1 > MaxArgumentBytes)
        {
            return "the command is " + commandBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + Limit;
        }

        while (!variables.IsEmpty)
        {
            int nul = variables.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = nul < 0 ? variables : variables[..nul];
            if (entry.Length + 1 > MaxArgumentBytes)
            {
                return DescribeVariable(entry) + Limit + "; ExecOptions.MaxEnvironmentValueBytes (EnvironmentPolicy.LeaveOutValuesOver) leaves such variables out";
            }

            variables = nul < 0 ? default : variables[(nul + 1)..];
        }

        foreach (byte[] entry in inherited)
        {
            if (entry.Length + 1 > MaxArgumentBytes)
            {
                return DescribeVariable(entry) + Limit;
            }
        }

        return "the command and its environment together exceed the system's limit (ARG_MAX); fewer or smaller SIP_* variables (EnvironmentPolicy) help";
    }

    private static string DescribeVariable(ReadOnlySpan<byte> entry)
    {
        int eq = entry.IndexOf((byte)'=');
        string name = Encoding.ASCII.GetString(eq < 0 ? entry : entry[..eq]);
        return "the environment variable " + name + " is " + entry.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    // The shell's path is the same for every command: encoded once, not at each start.
    private static Tuple<string, byte[]>? lastPath;

    private static byte[] PathBytes(string path)
    {
        Tuple<string, byte[]>? last = Volatile.Read(ref lastPath);
        if (last is not null && ReferenceEquals(last.Item1, path))
        {
            return last.Item2;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(path);
        Volatile.Write(ref lastPath, Tuple.Create(path, bytes));
        return bytes;
    }

    // What execve reads for a usual command (up to 16 KiB: path, command, SIP_* variables, pointers) is written into one
    // pinned array per thread, kept between starts (the child has read it by the time posix_spawn returns); a larger one
    // gets native memory of its own for that start. Pinned arrays are freed with their thread.
    private const int ReusedSpawnMemory = 16 * 1024;

    [ThreadStatic]
    private static byte[]? spawnMemory;

    // pidFd: from the start where the kernel gives one with the pid (NativeSpawn), else -1 (the loop opens one).
    private static int Spawn(ShellRun run, out int stdinFd, out int stdoutFd, out int stderrFd, out int pidFd)
    {
        stdinFd = stdoutFd = stderrFd = pidFd = -1;
        int* inPipe = stackalloc int[2] { -1, -1 };
        int* outPipe = stackalloc int[2] { -1, -1 };
        int* errPipe = stackalloc int[2] { -1, -1 };

        // What execve reads goes into one block (this thread's pinned array, or native memory when larger): the program's
        // path, the command, the SIP_* variables and any arguments (NUL-terminated strings end to end), then the pointer
        // arrays. The inherited entries are not copied: their addresses are (InheritedEnvironment).
        InheritedEnvironment environment = run.Environment ?? InheritedEnvironment.Current();
        ReadOnlySpan<byte> variables = run.Variables is null ? default : run.Variables.Bytes;
        int variableCount = run.Variables?.Count ?? 0;
        // Without a shell (Arguments set): the program's path and the argument vector instead of "sh -c command".
        string executable = run.Arguments is null ? run.Shell : run.Program!;
        byte[] pathBytes = PathBytes(executable);
        nuint stringBytes = (nuint)pathBytes.Length + 1 + (nuint)run.Command.Length + 1 + (nuint)variables.Length;

        foreach (byte[] argument in run.Arguments ?? [])
        {
            stringBytes += (nuint)argument.Length + 1;
        }

        int argumentCount = run.Arguments?.Length ?? 0;
        int inheritedCount = environment.Addresses.Length;
        int pointerCount = inheritedCount + variableCount + 1 + argumentCount + 1;
        nuint pointerOffset = (stringBytes + 15) & ~(nuint)15;
        nuint total = pointerOffset + ((nuint)pointerCount * (nuint)sizeof(byte*));
        byte[]? reused = total <= ReusedSpawnMemory ? (spawnMemory ??= GC.AllocateUninitializedArray<byte>(ReusedSpawnMemory, pinned: true)) : null;
        byte* memory = reused is not null
            ? (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(reused))
            : (byte*)NativeMemory.Alloc(total);
        try
        {
            byte* cursor = memory;
            byte* path = cursor;
            pathBytes.CopyTo(new Span<byte>(cursor, pathBytes.Length));
            cursor += pathBytes.Length;
            *cursor++ = 0;
            byte* command = cursor;
            run.Command.CopyTo(new Span<byte>(cursor, run.Command.Length));
            cursor += run.Command.Length;
            *cursor++ = 0;
            byte** programArgv = (byte**)(memory + pointerOffset) + inheritedCount + variableCount + 1;
            for (int a = 0; a < argumentCount; a++)
            {
                byte[] argument = run.Arguments![a];
                argument.CopyTo(new Span<byte>(cursor, argument.Length));
                cursor[argument.Length] = 0;
                programArgv[a] = cursor;
                cursor += argument.Length + 1;
            }

            programArgv[argumentCount] = null;
            // The inherited entries are laid out once (InheritedEnvironment): their addresses, then the call's variables.
            byte** envp = (byte**)(memory + pointerOffset);
            environment.Addresses.CopyTo(new Span<nint>(envp, inheritedCount));
            int next = inheritedCount;

            variables.CopyTo(new Span<byte>(cursor, variables.Length));
            byte* end = cursor + variables.Length;
            while (cursor < end)
            {
                envp[next++] = cursor;
                cursor += new ReadOnlySpan<byte>(cursor, (int)(end - cursor)).IndexOf((byte)0) + 1;
            }

            envp[next] = null;

            if (run.Stdin is not null)
            {
                MakePipe(inPipe);
            }

            if (run.Stdout == OutputMode.Capture)
            {
                MakePipe(outPipe);
            }

            if (run.Stderr == OutputMode.Capture)
            {
                MakePipe(errPipe);
            }

            int stdinSource = run.Stdin is not null ? inPipe[0] : NullSource(NullForReading);
            int stdoutSource = OutputSource(run.Stdout, outPipe[1]);
            int stderrSource = OutputSource(run.Stderr, errPipe[1]);
            fixed (byte* sh = "sh\0"u8)
            fixed (byte* dashC = "-c\0"u8)
            {
                byte** argv = stackalloc byte*[4];
                argv[0] = sh;
                argv[1] = dashC;
                argv[2] = command;
                argv[3] = null;
                byte** arguments = run.Arguments is null ? argv : programArgv;
                int pid;
                int error = NativeSpawn.Available && !run.PosixSpawnOnly
                    ? NativeSpawn.Spawn(path, arguments, envp, stdinSource, stdoutSource, stderrSource, environment.SignalsToReset, out pid, out pidFd)
                    : Native.posix_spawn(out pid, path, SpawnFileActions.For(stdinSource, stdoutSource, stderrSource), (void*)SpawnAttributes, arguments, envp);
                if (error != 0)
                {
                    if (run.Arguments is not null && error is Native.ENOENT or Native.EACCES or Native.ENOEXEC)
                    {
                        // What the shell does with the same program: 127, 126, or run the file itself (ProgramNotRun).
                        throw new ProgramNotRunException(error);
                    }

                    string why = error == Native.E2BIG ? DescribeTooBig(run.Command.Length, environment.Entries, variables) : Marshal.GetPInvokeErrorMessage(error);
                    throw new IOException("cannot start " + executable + ": " + why);
                }

                stdinFd = inPipe[1];
                stdoutFd = outPipe[0];
                stderrFd = errPipe[0];
                inPipe[1] = outPipe[0] = errPipe[0] = -1;
                // Our ends never block: stdin is written and output read as far as the pipes allow.
                SetNonBlocking(stdinFd);
                SetNonBlocking(stdoutFd);
                SetNonBlocking(stderrFd);
                GC.KeepAlive(environment);
                return pid;
            }
        }
        finally
        {
            if (reused is null)
            {
                NativeMemory.Free(memory);
            }

            CloseAll(inPipe);
            CloseAll(outPipe);
            CloseAll(errPipe);
        }
    }

    // The same for every command, so made once (and kept for the life of the process): the child leads a new process
    // group, every catchable signal back to its default disposition, nothing blocked.
    private static readonly nint SpawnAttributes = CreateSpawnAttributes();

    private const int SIGSTOP = 19;

    // SIGRTMAX on Linux (x86_64 and arm64).
    private const int MaxSignal = 64;

    private static nint CreateSpawnAttributes()
    {
        byte* attr = (byte*)NativeMemory.AllocZeroed(Native.SpawnAttrSize);
        byte* sigDefault = stackalloc byte[Native.SigSetSize];
        byte* sigMask = stackalloc byte[Native.SigSetSize];
        Native.ThrowIfError(Native.posix_spawnattr_init(attr), "posix_spawnattr_init");
        Native.ThrowIfError(Native.sigemptyset(sigDefault), "sigemptyset");
        // The real-time signals too: glibc's child then sets each directly instead of reading its disposition first (31
        // system calls fewer while the parent waits). glibc refuses its own two (32, 33), which it handles itself.
        for (int signal = 1; signal <= MaxSignal; signal++)
        {
            if (signal != Native.SIGKILL && signal != SIGSTOP)
            {
                _ = Native.sigaddset(sigDefault, signal);
            }
        }

        Native.ThrowIfError(Native.sigemptyset(sigMask), "sigemptyset");
        Native.ThrowIfError(Native.posix_spawnattr_setsigdefault(attr, sigDefault), "setsigdefault");
        Native.ThrowIfError(Native.posix_spawnattr_setsigmask(attr, sigMask), "setsigmask");
        Native.ThrowIfError(Native.posix_spawnattr_setpgroup(attr, 0), "setpgroup");
        Native.ThrowIfError(Native.posix_spawnattr_setflags(attr, Native.POSIX_SPAWN_SETPGROUP | Native.POSIX_SPAWN_SETSIGDEF | Native.POSIX_SPAWN_SETSIGMASK), "setflags");
        return (nint)attr;
    }

    // What descriptor 1 or 2 of the child is made of (see SpawnFileActions).
    private static int OutputSource(OutputMode mode, int pipeWriteEnd) => mode switch
    {
        OutputMode.Capture => pipeWriteEnd,
        OutputMode.Null => NullSource(NullForWriting),
        _ => SpawnFileActions.Inherit,
    };

    private static int NullSource(int opened) => opened >= 0 ? opened : SpawnFileActions.ChildOpensNull;

    // /dev/null, opened once per process (close-on-exec): the child gets a dup2 of it instead of opening the path itself
    // while the parent waits for its exec. Where it could not be opened, the child opens the path.
    private static readonly int NullForReading = OpenNull(Native.O_RDONLY);
    private static readonly int NullForWriting = OpenNull(Native.O_WRONLY);

    private static int OpenNull(int flags)
    {
        fixed (byte* path = "/dev/null\0"u8)
        {
            return Native.open(path, flags | Native.O_CLOEXEC);
        }
    }

    private static void SetNonBlocking(int fd)
    {
        if (fd >= 0)
        {
            // A new pipe end has no other status flags to keep (F_SETFL ignores the access mode).
            NativeIo.fcntl(fd, NativeIo.F_SETFL, NativeIo.O_NONBLOCK);
        }
    }

    private static void MakePipe(int* fds)
    {
        if (Native.pipe2(fds, Native.O_CLOEXEC) != 0)
        {
            throw new IOException("pipe2 failed: " + Marshal.GetLastPInvokeErrorMessage());
        }
    }

    private static void CloseAll(int* fds)
    {
        for (int i = 0; i < 2; i++)
        {
            if (fds[i] >= 0)
            {
                Native.close(fds[i]);
                fds[i] = -1;
            }
        }
    }

    private sealed class Loop : IDisposable
    {
        private readonly ShellRun run;
        private readonly int pid;
        private readonly long started;
        private readonly OutputLineSplitter? splitter;
        private readonly byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        private readonly MemoryStream? stderr;
        private int stdinFd;
        private int stdoutFd;
        private int stderrFd;
        private int pidFd;
        private int stdinOffset;
        private int cancelRequested;
        private long outputBytes;
        private int delivered;
        private bool truncated;
        private bool stderrTruncated;
        private bool abandoned;
        private bool exited;
        private int status;
        private bool timedOut;
        private bool terminating;
        private long killAtMs = long.MaxValue;
        private long drainUntilMs = long.MaxValue;
        private int deferredTick = FirstTickMs;
        private bool chatty;

        public Loop(ShellRun run, int pid, int pidFd, int stdinFd, int stdoutFd, int stderrFd, long started)
        {
            this.run = run;
            this.pid = pid;
            this.stdinFd = stdinFd;
            this.stdoutFd = stdoutFd;
            this.stderrFd = stderrFd;
            this.started = started;
            this.pidFd = pidFd >= 0 ? pidFd : NativeIo.PidFdOpen(pid);
            if (stdoutFd >= 0 && run.OnLine is not null)
            {
                Func<string, bool> onLine = run.OnLine;
                int maxLines = run.MaxOutputLines;
                splitter = new OutputLineSplitter(line =>
                {
                    if (delivered >= maxLines)
                    {
                        truncated = true;
                        return false;
                    }

                    delivered++;
                    return onLine(line);
                });
            }

            if (stderrFd >= 0)
            {
                stderr = new MemoryStream();
            }
        }

        public void RequestCancel() => Interlocked.Exchange(ref cancelRequested, 1);

        public void Dispose()
        {
            stderr?.Dispose();
            splitter?.Dispose();
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        public ShellOutcome Execute()
        {
            long deadlineMs = run.TimeToKill > TimeSpan.Zero ? (long)run.TimeToKill.TotalMilliseconds : long.MaxValue;
            NativeIo.PollFd* fds = stackalloc NativeIo.PollFd[4];
            try
            {
                while (true)
                {
                    long now = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    bool canceled = Volatile.Read(ref cancelRequested) != 0;
                    if (!terminating && (now >= deadlineMs || canceled))
                    {
                        timedOut = !canceled;
                        terminating = true;
                        SignalGroup(Native.SIGTERM);
                        killAtMs = now + (long)run.KillGrace.TotalMilliseconds;
                    }

                    if (terminating && now >= killAtMs)
                    {
                        SignalGroup(Native.SIGKILL);
                        killAtMs = long.MaxValue;
                    }

                    if (exited)
                    {
                        CloseFd(ref stdinFd);
                        if (stdoutFd < 0 && stderrFd < 0)
                        {
                            break;
                        }

                        if (drainUntilMs == long.MaxValue)
                        {
                            drainUntilMs = now + (long)run.Drain.TotalMilliseconds;
                        }
                        else if (now >= drainUntilMs)
                        {
                            abandoned = stdoutFd >= 0;
                            break;
                        }
                    }

                    int count = 0;
                    int stdinSlot = -1, stdoutSlot = -1, stderrSlot = -1, pidSlot = -1;
                    if (stdinFd >= 0)
                    {
                        stdinSlot = count;
                        fds[count++] = new NativeIo.PollFd { Fd = stdinFd, Events = NativeIo.POLLOUT };
                    }

                    // While the shell runs and its exit can be watched, output is read when it exits or at a backing-off
                    // tick, not as it arrives: a short command then costs one wake-up instead of one per write.
                    bool deferred = !exited && pidFd >= 0 && !chatty;
                    if (stdoutFd >= 0 && !deferred)
                    {
                        stdoutSlot = count;
                        fds[count++] = new NativeIo.PollFd { Fd = stdoutFd, Events = NativeIo.POLLIN };
                    }

                    if (stderrFd >= 0 && !deferred)
                    {
                        stderrSlot = count;
                        fds[count++] = new NativeIo.PollFd { Fd = stderrFd, Events = NativeIo.POLLIN };
                    }

                    if (!exited && pidFd >= 0)
                    {
                        pidSlot = count;
                        fds[count++] = new NativeIo.PollFd { Fd = pidFd, Events = NativeIo.POLLIN };
                    }

                    long wait = Math.Min(Math.Min(deadlineMs, killAtMs), drainUntilMs) - now;
                    int timeout = (int)Math.Clamp(wait, 0, 20);
                    if (deferred)
                    {
                        timeout = (int)Math.Clamp(wait, 0, deferredTick);
                    }
                    else if (pidFd >= 0 && !terminating)
                    {
                        timeout = (int)Math.Clamp(wait, 0, 50);
                    }

                    int ready = NativeIo.poll(fds, (nuint)count, timeout);
                    if (ready < 0 && Marshal.GetLastPInvokeError() != Native.EINTR)
                    {
                        throw new IOException("poll failed: " + Marshal.GetLastPInvokeErrorMessage());
                    }

                    if (ready > 0)
                    {
                        if (stdinSlot >= 0 && fds[stdinSlot].Revents != 0)
                        {
                            WriteStdin();
                        }

                        if (stdoutSlot >= 0 && fds[stdoutSlot].Revents != 0)
                        {
                            ReadStdout();
                        }

                        if (stderrSlot >= 0 && fds[stderrSlot].Revents != 0)
                        {
                            ReadStderr();
                        }
                    }

                    if (deferred)
                    {
                        long drained = DrainAvailable();
                        deferredTick = drained > 0 ? FirstTickMs : Math.Min(deferredTick * 2, 50);

                        // A full pipe's worth: the command writes faster than ticks drain; read it as it comes.
                        chatty = drained >= PipeCapacity;
                    }

                    if (!exited && (pidSlot < 0 || fds[pidSlot].Revents != 0 || ready == 0))
                    {
                        TryReap(block: false);
                    }
                }

                if (!exited)
                {
                    TryReap(block: true);
                }
            }
            finally
            {
                CloseFd(ref stdinFd);
                CloseFd(ref stdoutFd);
                CloseFd(ref stderrFd);
                CloseFd(ref pidFd);
                if (!exited)
                {
                    SignalGroup(Native.SIGKILL);
                    TryReap(block: true);
                }
            }

            bool normal = Native.WIFEXITED(status);
            return new ShellOutcome
            {
                ProcessId = pid,
                ExitCode = normal ? Native.WEXITSTATUS(status) : null,
                Signal = normal ? null : Native.WTERMSIG(status),
                TimedOut = timedOut,
                Canceled = terminating && !timedOut,
                Truncated = truncated,
                StoppedByReader = (splitter?.Stopped ?? false) && !truncated,
                OutputAbandoned = abandoned,
                StdinComplete = run.Stdin is null || stdinOffset == run.Stdin.Value.Length,
                Duration = Stopwatch.GetElapsedTime(started),
                OutputBytes = outputBytes,
                Lines = delivered,
                Stderr = stderr is null ? null : SipText.Decode(stderr.ToArray()),
                StderrTruncated = stderrTruncated,
            };
        }

        // Reads what the pipes hold now (they are non-blocking); returns how many bytes came.
        private long DrainAvailable()
        {
            long total = 0;
            nint n;
            while (stdoutFd >= 0 && (n = ReadStdout()) > 0)
            {
                total += n;
            }

            while (stderrFd >= 0 && (n = ReadStderr()) > 0)
            {
                total += n;
            }

            return total;
        }

        private void WriteStdin()
        {
            ReadOnlySpan<byte> data = run.Stdin!.Value.Span;
            while (stdinOffset < data.Length)
            {
                nint n;
                fixed (byte* p = &data[stdinOffset])
                {
                    n = Native.write(stdinFd, p, Math.Min(data.Length - stdinOffset, ReadBufferSize));
                }

                if (n > 0)
                {
                    stdinOffset += (int)n;
                    continue;
                }

                int error = Marshal.GetLastPInvokeError();
                if (n < 0 && error == NativeIo.EAGAIN)
                {
                    return;
                }

                if (n < 0 && error == Native.EINTR)
                {
                    continue;
                }

                // EPIPE (the reader closed stdin) or another error: stop writing.
                CloseFd(ref stdinFd);
                return;
            }

            CloseFd(ref stdinFd);
        }

        private nint ReadStdout()
        {
            nint n = ReadSome(stdoutFd);
            if (n < 0)
            {
                return n;
            }

            if (n == 0)
            {
                splitter?.Complete();
                CloseFd(ref stdoutFd);
                return 0;
            }

            int take = (int)n;
            if (outputBytes + take > run.MaxOutputBytes)
            {
                take = (int)(run.MaxOutputBytes - outputBytes);
                truncated = true;
            }

            outputBytes += take;
            bool go = splitter?.Feed(buffer.AsSpan(0, take)) ?? true;
            if (truncated && go)
            {
                // The byte cap cut the output: what was read so far still counts, its last line included.
                splitter?.Complete();
            }

            if (!go || truncated)
            {
                // Stop reading: the command gets SIGPIPE on its next write, as when Kamailio closes the pipe early.
                CloseFd(ref stdoutFd);
            }

            return n;
        }

        private nint ReadStderr()
        {
            nint n = ReadSome(stderrFd);
            if (n < 0)
            {
                return n;
            }

            if (n == 0)
            {
                CloseFd(ref stderrFd);
                return 0;
            }

            int room = (int)Math.Max(0, run.MaxStderrBytes - stderr!.Length);
            if (n > room)
            {
                stderrTruncated = true;
            }

            stderr!.Write(buffer, 0, (int)Math.Min(n, room));
            return n;
        }

        private nint ReadSome(int fd)
        {
            while (true)
            {
                nint n;
                fixed (byte* p = buffer)
                {
                    n = Native.read(fd, p, ReadBufferSize);
                }

                if (n >= 0)
                {
                    return n;
                }

                int error = Marshal.GetLastPInvokeError();
                if (error == Native.EINTR)
                {
                    continue;
                }

                if (error == NativeIo.EAGAIN)
                {
                    return -1;
                }

                return 0;
            }
        }

        private void TryReap(bool block)
        {
            while (true)
            {
                int r = Native.waitpid(pid, out int s, block ? 0 : Native.WNOHANG);
                if (r == pid)
                {
                    exited = true;
                    status = s;
                    return;
                }

                if (r < 0 && Marshal.GetLastPInvokeError() == Native.EINTR)
                {
                    continue;
                }

                if (r < 0)
                {
                    // ECHILD: someone else reaped it; report a kill by SIGKILL rather than hang.
                    exited = true;
                    status = Native.SIGKILL;
                }

                return;
            }
        }

        private void SignalGroup(int signal) => Native.kill(-pid, signal);

        private static void CloseFd(ref int fd)
        {
            if (fd >= 0)
            {
                Native.close(fd);
                fd = -1;
            }
        }
    }
}
