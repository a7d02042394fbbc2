using System;
using System.Diagnostics;
using ExecToolkit.Processes;
using Microsoft.Extensions.Logging;

namespace ExecToolkit;

/// <summary>
/// One call of an exec function as telemetry sees it: the span from the call to its result, the duration recorded once
/// with the result's <c>error.type</c>, and the log lines that say what happened (the rc logged is the rc returned).
/// </summary>
internal sealed class ExecCall
{
    private readonly string function;
    private readonly ExecMetrics metrics;
    private readonly ILogger logger;
    private readonly Activity? activity;
    private readonly long started = Stopwatch.GetTimestamp();

    private ExecCall(string function, ExecMetrics metrics, ILogger logger)
    {
        this.function = function;
        this.metrics = metrics;
        this.logger = logger;
        activity = ExecTelemetry.ActivitySource.StartActivity(function, ActivityKind.Internal);
        activity?.SetTag(ExecTelemetry.FunctionTag, function);
    }

    public string Function => function;

    public static ExecCall Begin(string function, ExecMetrics metrics, ILogger logger) => new(function, metrics, logger);

    /// <summary>The shell ran: its process on the span.</summary>
    public void Ran(ShellOutcome outcome)
    {
        if (activity is not null)
        {
            activity.SetTag("process.pid", outcome.ProcessId);
            activity.SetTag("process.exit.code", outcome.ExitCode);
            if (outcome.Signal is int signal)
            {
                activity.SetTag("process.exit.signal", signal);
            }
        }
    }

    /// <summary>Records the result everywhere and returns it.</summary>
    public T Complete<T>(T result)
        where T : ExecResult
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        string? errorType = ExecTelemetry.ErrorType(result.Failure);
        if (Record(elapsed, errorType))
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Detail ?? result.Failure.ToString());
        }

        activity?.SetTag("exectoolkit.exec.rc", result.ReturnCode);
        activity?.Dispose();

        switch (result.Failure)
        {
            case ExecFailure.UnsafeValue:
                ExecLog.RefusedValue(logger, function, Printable(result.Detail));
                break;
            case ExecFailure.EnvironmentUnavailable:
            case ExecFailure.Canceled when result.ProcessId is null:
                ExecLog.NotRun(logger, function, result.Failure, Printable(result.Detail));
                break;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            ExecLog.Finished(logger, function, result.ReturnCode, result.Failure, result.ExitCode, result.Signal, result.ProcessId, elapsed.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>An exception leaves the call: recorded with its type as <c>error.type</c>; the caller rethrows.</summary>
    public bool Fail(Exception e)
    {
        Record(Stopwatch.GetElapsedTime(started), e.GetType().FullName ?? e.GetType().Name);
        activity?.SetStatus(ActivityStatusCode.Error, e.Message);
        activity?.AddException(e);
        activity?.Dispose();
        return false;
    }

    // The duration, with error.type for a failure (also on the span); true for a failure, whose status the caller sets
    // with its own description (made only then).
    private bool Record(TimeSpan elapsed, string? errorType)
    {
        if (errorType is not null)
        {
            activity?.SetTag(ExecTelemetry.ErrorTypeTag, errorType);
        }

        if (metrics.Duration.Enabled)
        {
            var tags = new TagList { { ExecTelemetry.FunctionTag, function } };
            if (errorType is not null)
            {
                tags.Add(ExecTelemetry.ErrorTypeTag, errorType);
            }

            metrics.Duration.Record(elapsed.TotalSeconds, tags);
        }

        return errorType is not null;
    }

    // A detail may quote a request value: control characters shown escaped, so a value cannot forge log lines.
    internal static string? Printable(string? text)
    {
        if (text is null || (!text.AsSpan().ContainsAnyInRange('\0', '\x1f') && !text.Contains('\x7f', StringComparison.Ordinal)))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (c < ' ' || c == '\x7f')
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
