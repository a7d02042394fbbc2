using System;
using Microsoft.Extensions.Logging;

namespace ExecToolkit;

/// <summary>Log messages of the exec functions (event ids are stable: filter and alert on them).</summary>
internal static partial class ExecLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Function} running: {Command}")]
    public static partial void Running(ILogger logger, string function, string command);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Function} finished: rc {ReturnCode} ({Failure}), exit {ExitCode}, signal {Signal}, pid {ProcessId}, {DurationMs} ms")]
    public static partial void Finished(ILogger logger, string function, int returnCode, ExecFailure failure, int? exitCode, int? signal, int? processId, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Function} killed after the time to kill ({TimeToKill}): pid {ProcessId}")]
    public static partial void TimedOut(ILogger logger, string function, TimeSpan timeToKill, int? processId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Function} rejected: {MaxConcurrency} running and {QueueLimit} waiting")]
    public static partial void Rejected(ILogger logger, string function, int maxConcurrency, int queueLimit);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Function} not run ({Failure}): {Detail}")]
    public static partial void NotRun(ILogger logger, string function, ExecFailure failure, string? detail);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Function} could not start the shell: {Detail}")]
    public static partial void StartFailed(ILogger logger, string function, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Function} refused a value from the request, nothing ran: {Detail}")]
    public static partial void RefusedValue(ILogger logger, string function, string? detail);
}
