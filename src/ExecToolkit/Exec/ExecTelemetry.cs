using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ExecToolkit;

/// <summary>
/// The <see cref="Meter"/> and <see cref="ActivitySource"/> named <c>ExecToolkit</c>. Instruments: <c>exec.executions</c>,
/// <c>exec.failures</c>, <c>exec.timeouts</c>, <c>exec.kills</c>, <c>exec.rejected</c> (counters, tagged with
/// <c>exec.function</c>), <c>exec.duration</c> (histogram, seconds) and <c>exec.in_flight</c> (up-down counter).
/// </summary>
public static class ExecTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ExecToolkit";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Executions = Meter.CreateCounter<long>("exec.executions", description: "Commands run");

    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>("exec.failures", description: "Calls that returned a negative code");

    internal static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("exec.timeouts", description: "Commands whose time to kill ran out");

    internal static readonly Counter<long> Kills = Meter.CreateCounter<long>("exec.kills", description: "Process groups killed (time to kill or cancellation)");

    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("exec.rejected", description: "Calls refused because the queue was full");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("exec.duration", unit: "s", description: "Time from start to reaping");

    internal static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>("exec.in_flight", description: "Commands running now");
}
