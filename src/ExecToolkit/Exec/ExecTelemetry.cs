using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace ExecToolkit;

/// <summary>
/// The names ExecToolkit's telemetry is published under, following OpenTelemetry's conventions: one
/// <see cref="System.Diagnostics.Metrics.Meter"/> and one <see cref="System.Diagnostics.ActivitySource"/> named
/// <see cref="Name"/>; metric names under <c>exectoolkit.exec.</c>; a failed call carries <c>error.type</c>.
/// </summary>
/// <remarks>
/// Every call of an exec function records <see cref="DurationMetric"/> once (so its count is the number of calls) and is
/// one span named after the function (<c>exec_dset</c>, ...). A call that returns -1 has <c>error.type</c> on both, one
/// of <see cref="ErrorTypes"/>, and the span's status is <see cref="ActivityStatusCode.Error"/>.
/// </remarks>
public static class ExecTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ExecToolkit";

    /// <summary>Histogram, seconds: time from the call to its result, queueing included; tags <see cref="FunctionTag"/> and, when the call failed, <c>error.type</c>.</summary>
    public const string DurationMetric = "exectoolkit.exec.duration";

    /// <summary>Counter, <c>{process_group}</c>: process groups killed; <c>error.type</c> says why (<c>timed_out</c>, <c>canceled</c>).</summary>
    public const string KillsMetric = "exectoolkit.exec.kills";

    /// <summary>Counter, <c>{call}</c>: calls refused at once because <c>MaxConcurrency</c> commands ran and <c>QueueLimit</c> waited.</summary>
    public const string RejectionsMetric = "exectoolkit.exec.rejections";

    /// <summary>Up-down counter, <c>{process}</c>: commands running now.</summary>
    public const string ActiveMetric = "exectoolkit.exec.active";

    /// <summary>The tag naming the function: <c>exec_dset</c>, <c>exec_msg</c>, <c>exec_avp</c> or <c>exec_cmd</c>.</summary>
    public const string FunctionTag = "exectoolkit.exec.function";

    /// <summary>OpenTelemetry's attribute for why an operation failed.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>
    /// The <c>error.type</c> values, one per <see cref="ExecFailure"/> other than <c>None</c>: its name in snake case
    /// (<c>exit_status</c>, <c>signaled</c>, <c>timed_out</c>, <c>canceled</c>, <c>no_output</c>, <c>branch_limit</c>,
    /// <c>environment_unavailable</c>, <c>unsafe_value</c>, <c>rejected</c>, <c>start_failed</c>). An exception
    /// thrown out of a call (a bug, or an argument error) gives its type's full name instead.
    /// </summary>
    public static string? ErrorType(ExecFailure failure) => failure switch
    {
        ExecFailure.None => null,
        ExecFailure.ExitStatus => "exit_status",
        ExecFailure.Signaled => "signaled",
        ExecFailure.TimedOut => "timed_out",
        ExecFailure.Canceled => "canceled",
        ExecFailure.NoOutput => "no_output",
        ExecFailure.BranchLimit => "branch_limit",
        ExecFailure.EnvironmentUnavailable => "environment_unavailable",
        ExecFailure.UnsafeValue => "unsafe_value",
        ExecFailure.Rejected => "rejected",
        ExecFailure.StartFailed => "start_failed",
        _ => "_OTHER",
    };

    /// <summary>All <c>error.type</c> values an <see cref="ExecFailure"/> maps to.</summary>
    public static IReadOnlyList<string> ErrorTypes { get; } = [.. Enum.GetValues<ExecFailure>().Select(ErrorType).OfType<string>()];

    internal static readonly ActivitySource ActivitySource = new(Name, Version);

    internal static string Version { get; } = typeof(ExecTelemetry).Assembly.GetName().Version!.ToString(3);
}
