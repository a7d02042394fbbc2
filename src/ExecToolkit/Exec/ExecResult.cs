using System;
using System.Collections.Generic;

namespace ExecToolkit;

/// <summary>Why an exec function returned a negative code.</summary>
public enum ExecFailure
{
    /// <summary>Success (return code 1).</summary>
    None,

    /// <summary>The command exited with a non-zero status.</summary>
    ExitStatus,

    /// <summary>The command was killed by a signal it did not get from ExecToolkit.</summary>
    Signaled,

    /// <summary>The time to kill ran out; the process group was killed.</summary>
    TimedOut,

    /// <summary>The caller's cancellation token fired; the process group was killed.</summary>
    Canceled,

    /// <summary>exec_dset read no non-empty line ("no uri").</summary>
    NoOutput,

    /// <summary>exec_dset reached <c>max_branches - 1</c> branches; the rest of the output was not read.</summary>
    BranchLimit,

    /// <summary>The request's headers do not all parse, so the <c>SIP_*</c> environment cannot be built; the command did not run (as Kamailio).</summary>
    EnvironmentUnavailable,

    /// <summary>A request value could not be placed in the command safely (ShellSafe mode); the command did not run.</summary>
    UnsafeValue,

    /// <summary>Too many executions in flight and the queue is full; the command did not run.</summary>
    Rejected,

    /// <summary>The shell could not be started.</summary>
    StartFailed,
}

/// <summary>The outcome of one exec call: Kamailio's return code plus what really happened.</summary>
public class ExecResult
{
    /// <summary>An empty result.</summary>
    public ExecResult()
    {
    }

    /// <summary>A copy of <paramref name="other"/>'s common facts, for derived results.</summary>
    protected ExecResult(ExecResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ReturnCode = other.ReturnCode;
        Failure = other.Failure;
        Command = other.Command;
        ExitCode = other.ExitCode;
        Signal = other.Signal;
        TimedOut = other.TimedOut;
        Truncated = other.Truncated;
        Duration = other.Duration;
        ProcessId = other.ProcessId;
        Detail = other.Detail;
        StdinComplete = other.StdinComplete;
        Stderr = other.Stderr;
        Arguments = other.Arguments;
    }

    /// <summary>Kamailio's return code as a script sees it in <c>$rc</c>: 1 success, -1 failure, -2 out of memory.</summary>
    public int ReturnCode { get; init; }

    /// <summary>Why it failed, or <see cref="ExecFailure.None"/>.</summary>
    public ExecFailure Failure { get; init; }

    /// <summary>The exact string handed to <c>sh -c</c>.</summary>
    public string Command { get; init; } = "";

    /// <summary>The shell's exit status, when it exited normally.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the shell, if one did.</summary>
    public int? Signal { get; init; }

    /// <summary>Whether the time to kill ran out.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Whether the output cap was reached (bytes or lines).</summary>
    public bool Truncated { get; init; }

    /// <summary>Wall time from start to reaping.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The shell's process id (also its process group id), or null when it did not start.</summary>
    public int? ProcessId { get; init; }

    /// <summary>
    /// For exec_msg: whether the command took the whole message on stdin. A command that exits without reading it
    /// is not a failure (its exit status decides), but this says so.
    /// </summary>
    public bool StdinComplete { get; init; } = true;

    /// <summary>Captured stderr when <see cref="StderrHandling.Capture"/> is on.</summary>
    public string? Stderr { get; init; }

    /// <summary>Why it failed, in words, when there is more to say than <see cref="Failure"/>.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// The argument vector the program started with when it started without a shell (<see cref="ShellUse.WhenNeeded"/>
    /// and a simple template); null when the command ran through the shell, or did not run.
    /// </summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>True when <see cref="ReturnCode"/> is positive, as <c>if (exec_...())</c> in a Kamailio script.</summary>
    public bool Succeeded => ReturnCode > 0;

    /// <inheritdoc/>
    public override string ToString() => "rc=" + ReturnCode + (Failure == ExecFailure.None ? "" : " (" + Failure + ")");
}

/// <summary>The outcome of exec_dset.</summary>
public sealed class DsetResult : ExecResult
{
    /// <summary>An empty result.</summary>
    public DsetResult()
    {
    }

    /// <summary>A result with <paramref name="common"/>'s facts.</summary>
    public DsetResult(ExecResult common)
        : base(common)
    {
    }

    /// <summary>The Request-URI the first line set, or null when no line was read.</summary>
    public string? RequestUri { get; init; }

    /// <summary>The branches this call appended, in order.</summary>
    public IReadOnlyList<string> Branches { get; init; } = [];
}

/// <summary>One AVP value exec_avp stored.</summary>
/// <param name="Name">The AVP name (<c>s:plan</c>, <c>i:3</c>).</param>
/// <param name="Value">The value.</param>
public readonly record struct AvpAssignment(Templates.AvpName Name, string Value);

/// <summary>The outcome of exec_avp.</summary>
public sealed class AvpResult : ExecResult
{
    /// <summary>An empty result.</summary>
    public AvpResult()
    {
    }

    /// <summary>A result with <paramref name="common"/>'s facts.</summary>
    public AvpResult(ExecResult common)
        : base(common)
    {
    }

    /// <summary>The values stored, in output order.</summary>
    public IReadOnlyList<AvpAssignment> Assignments { get; init; } = [];
}
