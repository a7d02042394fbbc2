using System.Diagnostics.Metrics;

namespace ExecToolkit;

/// <summary>The instruments of one <see cref="Meter"/> named <see cref="ExecTelemetry.Name"/>.</summary>
internal sealed class ExecMetrics
{
    // From a 1 ms command to a time_to_kill of minutes: OpenTelemetry's default buckets start at 5 (ms as seconds), where
    // every exec call would land in the first one.
    internal static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private static ExecMetrics? shared;

    public ExecMetrics(Meter meter)
    {
        Duration = meter.CreateHistogram(
            ExecTelemetry.DurationMetric,
            unit: "s",
            description: "Duration of exec function calls, from the call to its result.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Kills = meter.CreateCounter<long>(ExecTelemetry.KillsMetric, "{process_group}", "Process groups killed: time to kill reached or call canceled.");
        Rejections = meter.CreateCounter<long>(ExecTelemetry.RejectionsMetric, "{call}", "Calls refused because the concurrency limit and the queue were full.");
        Active = meter.CreateUpDownCounter<long>(ExecTelemetry.ActiveMetric, "{process}", "Commands running now.");
    }

    /// <summary>The instruments of the process-wide meter, for executors created without an <see cref="IMeterFactory"/>.</summary>
    public static ExecMetrics Shared => System.Threading.LazyInitializer.EnsureInitialized(ref shared, () => new ExecMetrics(new Meter(ExecTelemetry.Name, ExecTelemetry.Version)));

    public Histogram<double> Duration { get; }

    public Counter<long> Kills { get; }

    public Counter<long> Rejections { get; }

    public UpDownCounter<long> Active { get; }

    /// <summary>The instruments of the factory's meter (the host's, which it disposes with the container).</summary>
    public static ExecMetrics From(IMeterFactory factory) => new(factory.Create(new MeterOptions(ExecTelemetry.Name) { Version = ExecTelemetry.Version }));
}
