using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Processes;
using ExecToolkit.Sip;

namespace ExecToolkit;

/// <summary>Runs a command through a <see cref="ShellExecutor"/> and reads its completion as <see cref="ShellRunner"/> reads a process.</summary>
internal static class ScriptedShell
{
    public static async Task<ShellOutcome> RunAsync(ShellExecutor shell, ShellInvocation invocation, ShellRun run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ShellCompletion done;
        try
        {
            done = await shell.RunAsync(invocation, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(shell.GetType().Name + " returned no ShellCompletion for: " + invocation.Command);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // As a real process group: SIGTERM on cancellation.
            return new ShellOutcome { Canceled = true, Signal = Native.SIGTERM, Duration = clock.Elapsed, StdinComplete = run.Stdin is null };
        }

        if (done.ExitCode is null == done.Signal is null)
        {
            throw new InvalidOperationException("A ShellCompletion has an exit code or a signal (not both, not neither); " + shell.GetType().Name + " gave "
                + (done.ExitCode is null ? "neither" : "both") + " for: " + invocation.Command);
        }

        if (done.ExitCode is < 0 or > 255 || done.Signal is < 1 or > 64)
        {
            throw new InvalidOperationException("A ShellCompletion's exit code is 0-255 and its signal 1-64; " + shell.GetType().Name + " gave "
                + (done.ExitCode ?? done.Signal) + " for: " + invocation.Command);
        }

        bool truncated = false;
        int delivered = 0;
        long outputBytes = 0;
        bool stopped = false;
        if (run.Stdout == OutputMode.Capture)
        {
            ReadOnlySpan<byte> output = done.Output.Span;
            if (output.Length > run.MaxOutputBytes)
            {
                output = output[..(int)run.MaxOutputBytes];
                truncated = true;
            }

            outputBytes = output.Length;
            if (run.OnLine is Func<string, bool> onLine)
            {
                int maxLines = run.MaxOutputLines;
                using var splitter = new OutputLineSplitter(line =>
                {
                    if (delivered >= maxLines)
                    {
                        truncated = true;
                        return false;
                    }

                    delivered++;
                    return onLine(line);
                });
                if (splitter.Feed(output))
                {
                    splitter.Complete();
                }

                stopped = splitter.Stopped;
            }
        }

        string? stderr = null;
        bool stderrTruncated = false;
        if (run.Stderr == OutputMode.Capture)
        {
            byte[] bytes = SipText.Encode(done.Stderr ?? "");
            stderrTruncated = bytes.Length > run.MaxStderrBytes;
            stderr = SipText.Decode(bytes.AsSpan(0, Math.Min(bytes.Length, run.MaxStderrBytes)));
        }

        return new ShellOutcome
        {
            ProcessId = done.ProcessId,
            ExitCode = done.ExitCode,
            Signal = done.Signal,
            TimedOut = done.TimedOut,
            Truncated = truncated,
            StoppedByReader = stopped && !truncated,
            StdinComplete = true,
            Duration = done.Duration > TimeSpan.Zero ? done.Duration : clock.Elapsed,
            OutputBytes = outputBytes,
            Lines = delivered,
            Stderr = stderr,
            StderrTruncated = stderrTruncated,
        };
    }
}
