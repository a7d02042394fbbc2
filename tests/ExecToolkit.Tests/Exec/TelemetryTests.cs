using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Sip;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ExecToolkit.Tests.Exec;

/// <summary>
/// Every way a call can fail reaches the three places operators look: the duration histogram with <c>error.type</c>,
/// a span with status Error and <c>error.type</c>, and the log (a Warning with its event id for a refused value and
/// for a call that did not run; the rc logged is the rc returned).
/// </summary>
public class TelemetryTests
{
    private const string Request =
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-t\r\nFrom: <sip:a@b>;tag=1\r\n" +
        "To: <sip:bob@127.0.0.1>\r\nCall-ID: telemetry\r\nCSeq: 1 OPTIONS\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n";

    private const string BadHeaderRequest =
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-t\r\nFrom: <sip:a@b>;tag=1\r\n" +
        "To: <sip:bob@127.0.0.1>\r\nCall-ID: telemetry\r\nCSeq: 1 OPTIONS\r\nX!Bang: 1\r\nContent-Length: 0\r\n\r\n";

    private static RequestContext Parse(string text) => RequestContext.Parse(Encoding.ASCII.GetBytes(text), SipParseMode.Lenient);

    /// <summary>Each failure, the call that produces it, and the Warning-or-above event id it must log (0: none beyond Finished).</summary>
    private static readonly Dictionary<ExecFailure, (string Function, Func<SipExec, CancellationToken, Task<ExecResult>> Call, ExecOptions Options, int EventId)> Scenarios = new()
    {
        [ExecFailure.ExitStatus] = ("exec_cmd", (e, _) => e.ExecCmdAsync(null, "exit 3").AsTask(), new ExecOptions(), 0),
        [ExecFailure.Signaled] = ("exec_cmd", (e, _) => e.ExecCmdAsync(null, "kill -9 $$$$").AsTask(), new ExecOptions(), 0),
        [ExecFailure.TimedOut] = ("exec_cmd", (e, _) => e.ExecCmdAsync(null, "sleep 5").AsTask(), new ExecOptions { TimeToKill = TimeSpan.FromMilliseconds(200), KillGrace = TimeSpan.FromMilliseconds(100) }, 3),
        [ExecFailure.Canceled] = ("exec_cmd", (e, ct) => e.ExecCmdAsync(null, "sleep 5", cancellationToken: ct).AsTask(), new ExecOptions { KillGrace = TimeSpan.FromMilliseconds(100) }, 0),
        [ExecFailure.NoOutput] = ("exec_dset", async (e, _) => await e.ExecDsetAsync(Parse(Request), "true"), new ExecOptions(), 0),
        [ExecFailure.BranchLimit] = ("exec_dset", async (e, _) => await e.ExecDsetAsync(Parse(Request), "printf 'sip:a@h\\nsip:b@h\\nsip:c@h\\n'; :"), new ExecOptions { MaxBranches = 2 }, 0),
        [ExecFailure.EnvironmentUnavailable] = ("exec_msg", (e, _) => e.ExecMsgAsync(Parse(BadHeaderRequest), "true").AsTask(), new ExecOptions(), 5),
        [ExecFailure.UnsafeValue] = ("exec_cmd", (e, _) => e.ExecCmdAsync(Parse(Request), "echo $hdr(X-Nul)").AsTask(), new ExecOptions(), 7),
        [ExecFailure.Rejected] = ("exec_cmd", async (e, _) =>
        {
            Task<ExecResult> first = e.ExecCmdAsync(null, "sleep 0.5").AsTask();
            ExecResult second = await e.ExecCmdAsync(null, "true");
            await first;
            return second;
        }, new ExecOptions { MaxConcurrency = 1, QueueLimit = 0 }, 4),
        [ExecFailure.StartFailed] = ("exec_cmd", (e, _) => e.ExecCmdAsync(null, "true").AsTask(), new ExecOptions { Shell = "/nonexistent/sh" }, 6),
    };

    public static TheoryData<ExecFailure> Failures() => new(Enum.GetValues<ExecFailure>().Where(f => f != ExecFailure.None));

    [Fact]
    public void Every_failure_has_a_scenario_and_an_error_type()
    {
        Assert.Equal(Enum.GetValues<ExecFailure>().Where(f => f != ExecFailure.None).Order(), Scenarios.Keys.Order());
        Assert.Equal(Scenarios.Count, ExecTelemetry.ErrorTypes.Distinct().Count());
        Assert.All(ExecTelemetry.ErrorTypes, t => Assert.Matches("^[a-z]+(_[a-z]+)*$", t));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_failure_reaches_metric_span_and_log(ExecFailure failure)
    {
        var (function, call, options, eventId) = Scenarios[failure];
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meterFactory, ExecTelemetry.Name, ExecTelemetry.DurationMetric);
        using var kills = new MetricCollector<long>(meterFactory, ExecTelemetry.Name, ExecTelemetry.KillsMetric);
        using var rejections = new MetricCollector<long>(meterFactory, ExecTelemetry.Name, ExecTelemetry.RejectionsMetric);
        var logger = new FakeLogger<SipExec>();
        using var spans = new SpanRecorder();
        using var exec = new SipExec(options, logger, meterFactory);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        ExecResult result;
        using (spans.Root())
        {
            result = await call(exec, cancel.Token);
        }

        Assert.Equal((-1, failure), (result.ReturnCode, result.Failure));
        string errorType = ExecTelemetry.ErrorType(failure)!;

        // Metric: the failing call's duration carries error.type (Rejected: the first call, which ran, has none).
        var failed = durations.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue(ExecTelemetry.ErrorTypeTag, out object? t) && (string?)t == errorType).ToList();
        var measurement = Assert.Single(failed);
        Assert.Equal(function, measurement.Tags[ExecTelemetry.FunctionTag]);
        Assert.True(measurement.Value >= 0);
        Assert.Equal(failure is ExecFailure.TimedOut or ExecFailure.Canceled ? 1 : 0, kills.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(failure == ExecFailure.Rejected ? 1 : 0, rejections.GetMeasurementSnapshot().Sum(m => m.Value));

        // Span: one per call, the failing one with status Error and error.type.
        Activity span = Assert.Single(spans.Stopped, a => (string?)a.GetTagItem(ExecTelemetry.ErrorTypeTag) == errorType);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(function, span.OperationName);
        Assert.Equal(-1, span.GetTagItem("exectoolkit.exec.rc"));

        // Log: the rc logged is the rc returned, and refusals and calls that did not run are Warnings with their id.
        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 2 && r.Message.Contains("finished: rc -1 (" + failure + ")", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Id.Id == 2 && r.Message.Contains("finished: rc 1 (" + failure + ")", StringComparison.Ordinal));
        if (eventId != 0)
        {
            Assert.Contains(records, r => r.Id.Id == eventId && r.Level >= LogLevel.Warning);
        }

        if (failure is ExecFailure.UnsafeValue or ExecFailure.EnvironmentUnavailable)
        {
            // Nothing ran: no process on the span, and the Warning is the only line above Debug.
            Assert.Null(span.GetTagItem("process.pid"));
            Assert.Single(records, r => r.Level >= LogLevel.Warning);
        }
    }

    [Fact]
    public async Task A_success_has_no_error_type_and_status_unset()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meterFactory, ExecTelemetry.Name, ExecTelemetry.DurationMetric);
        using var spans = new SpanRecorder();
        var logger = new FakeLogger<SipExec>();
        using var exec = new SipExec(null, logger, meterFactory);
        using (spans.Root())
        {
            Assert.Equal(1, (await exec.ExecDsetAsync(Parse(Request), "echo sip:x@h")).ReturnCode);
        }

        var measurement = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.False(measurement.Tags.ContainsKey(ExecTelemetry.ErrorTypeTag));
        Assert.Equal("exec_dset", measurement.Tags[ExecTelemetry.FunctionTag]);
        Activity span = Assert.Single(spans.Stopped);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.NotNull(span.GetTagItem("process.pid"));
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 2 && r.Message.Contains("finished: rc 1 (None)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_duration_histogram_has_bucket_advice_from_a_millisecond_to_minutes()
    {
        using var meter = new Meter("advice-test");
        var metrics = new ExecMetrics(meter);
        IReadOnlyList<double> buckets = metrics.Duration.Advice!.HistogramBucketBoundaries!;
        Assert.Equal(0.001, buckets[0]);
        Assert.True(buckets[^1] >= 120);
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal("s", metrics.Duration.Unit);
        Assert.Equal("{process_group}", metrics.Kills.Unit);
        Assert.Equal("{call}", metrics.Rejections.Unit);
        Assert.Equal("{process}", metrics.Active.Unit);
    }

    [Fact]
    public void A_refusal_detail_cannot_forge_log_lines()
        => Assert.Equal("a\\x0d\\x0aFAKE b\\x00", ExecCall.Printable("a\r\nFAKE b\0"));

    /// <summary>Spans of this test only: those in the trace of a root activity the test starts.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private static readonly ActivitySource TestSource = new("ExecToolkit.Tests.Telemetry");
        private readonly ActivityListener listener;
        private readonly List<Activity> stopped = [];
        private ActivityTraceId trace;

        public SpanRecorder()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is ExecTelemetry.Name or "ExecToolkit.Tests.Telemetry",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.Source.Name == ExecTelemetry.Name && a.TraceId == trace)
                    {
                        lock (stopped)
                        {
                            stopped.Add(a);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public IReadOnlyList<Activity> Stopped
        {
            get
            {
                lock (stopped)
                {
                    return [.. stopped];
                }
            }
        }

        public Activity Root()
        {
            Activity root = TestSource.StartActivity("test")!;
            trace = root.TraceId;
            return root;
        }

        public void Dispose() => listener.Dispose();
    }
}
