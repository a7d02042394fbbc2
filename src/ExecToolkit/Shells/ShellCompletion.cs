using System;
using ExecToolkit.Sip;

namespace ExecToolkit;

/// <summary>
/// What a command did, as a <see cref="ShellExecutor"/> reports it: an exit status or a signal, the output SipExec reads
/// (split into lines by Kamailio's rules and subject to the output limits, as a real process's output is) and stderr.
/// </summary>
public sealed class ShellCompletion
{
    /// <summary>The exit status (0-255); null when a signal ended the process.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the process; null when it exited.</summary>
    public int? Signal { get; init; }

    /// <summary>Whether time_to_kill ended the process (give <see cref="Signal"/> too, as a kill would).</summary>
    public bool TimedOut { get; init; }

    /// <summary>Standard output, read when the function reads it (<see cref="ShellInvocation.ReadsOutput"/>).</summary>
    public ReadOnlyMemory<byte> Output { get; init; }

    /// <summary>Standard error, kept when <see cref="ExecOptions.Stderr"/> is <see cref="StderrHandling.Capture"/>.</summary>
    public string? Stderr { get; init; }

    /// <summary>The process id reported in results and telemetry (0 when there was no process).</summary>
    public int ProcessId { get; init; }

    /// <summary>How long the command ran.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>A command that wrote <paramref name="output"/> and exited with <paramref name="exitCode"/>.</summary>
    /// <param name="exitCode">The exit status, 0-255.</param>
    /// <param name="output">Standard output (UTF-8; lone surrogates stand for raw bytes, as <see cref="SipText"/> writes them).</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>The completion.</returns>
    public static ShellCompletion Exited(int exitCode, string output = "", string? stderr = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exitCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exitCode, 255);
        ArgumentNullException.ThrowIfNull(output);
        return new ShellCompletion { ExitCode = exitCode, Output = SipText.Encode(output), Stderr = stderr };
    }

    /// <summary>A command that wrote <paramref name="output"/> and was then killed by <paramref name="signal"/> (not by ExecToolkit).</summary>
    /// <param name="signal">The signal number, 1-64 (9 is SIGKILL, 13 SIGPIPE, 15 SIGTERM).</param>
    /// <param name="output">Standard output.</param>
    /// <returns>The completion.</returns>
    public static ShellCompletion Killed(int signal, string output = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, 64);
        ArgumentNullException.ThrowIfNull(output);
        return new ShellCompletion { Signal = signal, Output = SipText.Encode(output) };
    }

    /// <summary>A command that wrote <paramref name="output"/> and ran past time_to_kill: its group got SIGTERM.</summary>
    /// <param name="output">Standard output read before the kill.</param>
    /// <returns>The completion.</returns>
    public static ShellCompletion KilledByTimeToKill(string output = "")
    {
        ArgumentNullException.ThrowIfNull(output);
        return new ShellCompletion { Signal = 15, TimedOut = true, Output = SipText.Encode(output) };
    }
}
