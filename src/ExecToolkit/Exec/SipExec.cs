using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Diagnostics;
using System.Threading.Tasks;
using ExecToolkit.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit;

/// <summary>
/// Kamailio's exec functions: <c>exec_dset</c>, <c>exec_msg</c>, <c>exec_avp</c> and <c>exec_cmd</c>. Each expands a
/// command template for a request, runs it with <c>sh -c</c> in its own process group, and returns Kamailio's return
/// code with what really happened. Thread-safe; one instance serves the whole application.
/// </summary>
public sealed class SipExec : IDisposable
{
    private readonly ExecOptions options;

    // options.EffectiveEnvironmentPolicy, built once: it unions header sets, and the options never change after the
    // constructor (Options hands out a copy). A call with its own ExecCallOptions builds its own.
    private readonly EnvironmentPolicy policy;
    private readonly SemaphoreSlim slots;
    private readonly ILogger logger;
    private readonly ExecMetrics metrics;
    private readonly ShellExecutor? shell;
    private InheritedEnvironment inherited;
    private int waiting;

    /// <summary>Creates the executor; <paramref name="options"/> is copied and validated.</summary>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <param name="logger">Commands at Debug (values of redacted headers hidden), refusals, kills and rejections at Warning.</param>
    /// <param name="meterFactory">Where the <see cref="ExecTelemetry.Name"/> meter comes from; the process-wide meter when null.</param>
    /// <param name="shell">Runs the commands instead of real processes (a test double such as ExecToolkit.Testing's
    /// <c>FakeShell</c>); null starts <see cref="ExecOptions.Shell"/> for each command.</param>
    public SipExec(ExecOptions? options = null, ILogger<SipExec>? logger = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null, ShellExecutor? shell = null)
    {
        this.shell = shell;
        metrics = meterFactory is null ? ExecMetrics.Shared : ExecMetrics.From(meterFactory);
        this.options = (options ?? new ExecOptions()).Clone();
        this.options.Validate();
        policy = this.options.EffectiveEnvironmentPolicy;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        inherited = InheritedEnvironment.Current();
        slots = new SemaphoreSlim(this.options.MaxConcurrency, this.options.MaxConcurrency);
    }

    /// <summary>The settings in force (a copy).</summary>
    public ExecOptions Options => options.Clone();

    /// <summary>
    /// Start commands with posix_spawn even where ExecToolkit's native start is available (NativeSpawn): the tests run
    /// both starts side by side with it.
    /// </summary>
    internal bool PosixSpawnOnly { get; init; }

    /// <summary>
    /// <c>exec_dset</c>: runs the command with <c> '&lt;current R-URI&gt;'</c> appended; the first non-empty output line
    /// becomes the Request-URI, each further line a branch (at most <c>MaxBranches - 1</c>). Output is applied even
    /// when the command then fails, as in Kamailio.
    /// </summary>
    public ValueTask<DsetResult> ExecDsetAsync(RequestContext request, string template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => ExecDsetAsync(request, CommandTemplate.GetOrParse(template), call, cancellationToken);

    /// <inheritdoc cref="ExecDsetAsync(RequestContext, string, ExecCallOptions?, CancellationToken)"/>
    public ValueTask<DsetResult> ExecDsetAsync(RequestContext request, CommandTemplate template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => DsetCoreAsync(request, template, call, cancellationToken);

    // Each exec function is one async method from the call to its result: the call as telemetry sees it (ExecCall: a span
    // and a duration from here to the result, which is logged as returned) wraps the whole body, with no delegate or
    // second state machine per call.
    private async ValueTask<DsetResult> DsetCoreAsync(RequestContext request, CommandTemplate template, ExecCallOptions? call, CancellationToken cancellationToken)
    {
        ExecCall observed = ExecCall.Begin("exec_dset", metrics, logger);
        try
        {
            if (!TryPrepare(request, template, call, out ExecOptions o, out string command, out DsetResult? unsafeResult))
            {
                return observed.Complete(unsafeResult);
            }

            string uri = request.CurrentUri;
            if (uri.Length > 0)
            {
                if (uri.Contains('\0', StringComparison.Ordinal))
                {
                    // Kamailio's command ends at the NUL, inside the quotes it opened: a syntax error, rc -1. Nothing runs.
                    return observed.Complete(new DsetResult { ReturnCode = -1, Failure = ExecFailure.UnsafeValue, Detail = "the R-URI holds a NUL, which no shell command can", StdinComplete = false });
                }

                command += ShellEscaper.QuoteAppendedUri(uri);
            }

            var lines = new DsetLines(request, o.MaxBranches);
            RunReport report = await RunAsync(observed, ExecFunction.Dset, command, template, request, uri, o, request, null, OutputMode.Capture, lines.SetLine, cancellationToken, ShellFree(o, template, request, uri)).ConfigureAwait(false);
            ExecFailure failure = report.Failure;
            if (failure == ExecFailure.None && lines.BranchLimit)
            {
                failure = ExecFailure.BranchLimit;
            }

            if (failure == ExecFailure.None && lines.NewUri is null)
            {
                failure = ExecFailure.NoOutput;
            }

            if (lines.BranchLimit && failure is ExecFailure.ExitStatus or ExecFailure.Signaled)
            {
                // Kamailio closes the pipe at the branch limit: a SIGPIPE that follows is part of the same failure.
                failure = ExecFailure.BranchLimit;
            }

            return observed.Complete(new DsetResult(Result(report, command, failure))
            {
                RequestUri = lines.NewUri,
                Branches = lines.Branches,
            });
        }
        catch (Exception e) when (observed.Fail(e))
        {
            throw;
        }
    }

    /// <summary>exec_dset's output lines as they come: the first non-empty one is the new Request-URI, each further one a branch.</summary>
    private sealed class DsetLines(RequestContext request, int maxBranches)
    {
        public string? NewUri { get; private set; }

        public List<string> Branches { get; } = [];

        public bool BranchLimit { get; private set; }

        public bool SetLine(string line)
        {
            if (NewUri is null)
            {
                NewUri = line;
                request.NewUri = line;
                return true;
            }

            if (request.Branches.Count >= maxBranches - 1)
            {
                BranchLimit = true;
                return false;
            }

            request.Branches.Add(new Branch(line));
            Branches.Add(line);
            return true;
        }
    }

    /// <summary><c>exec_msg</c>: writes the request exactly as received to the command's stdin, then closes it.</summary>
    public ValueTask<ExecResult> ExecMsgAsync(RequestContext request, string template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => ExecMsgAsync(request, CommandTemplate.GetOrParse(template), call, cancellationToken);

    /// <inheritdoc cref="ExecMsgAsync(RequestContext, string, ExecCallOptions?, CancellationToken)"/>
    public ValueTask<ExecResult> ExecMsgAsync(RequestContext request, CommandTemplate template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => MsgCoreAsync(request, template, call, cancellationToken);

    private async ValueTask<ExecResult> MsgCoreAsync(RequestContext request, CommandTemplate template, ExecCallOptions? call, CancellationToken cancellationToken)
    {
        ExecCall observed = ExecCall.Begin("exec_msg", metrics, logger);
        try
        {
            if (!TryPrepare(request, template, call, out ExecOptions o, out string command, out ExecResult? unsafeResult))
            {
                return observed.Complete(unsafeResult);
            }

            RunReport report = await RunAsync(observed, ExecFunction.Msg, command, template, request, null, o, request, request.Request.Raw, OutputMode.Inherit, null, cancellationToken, ShellFree(o, template, request, null)).ConfigureAwait(false);
            return observed.Complete(Result(report, command, report.Failure));
        }
        catch (Exception e) when (observed.Fail(e))
        {
            throw;
        }
    }

    /// <summary>
    /// <c>exec_avp</c>: each non-empty output line is stacked on an AVP: the list's names in order, then integer AVPs
    /// named by line number (<c>i:3</c> for the third line); without a list <c>i:1, i:2, ...</c>.
    /// </summary>
    public ValueTask<AvpResult> ExecAvpAsync(RequestContext request, string template, string? avpList = null, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => ExecAvpAsync(request, CommandTemplate.GetOrParse(template), avpList is null ? null : AvpList.Parse(avpList), call, cancellationToken);

    /// <inheritdoc cref="ExecAvpAsync(RequestContext, string, string?, ExecCallOptions?, CancellationToken)"/>
    public ValueTask<AvpResult> ExecAvpAsync(RequestContext request, CommandTemplate template, IReadOnlyList<AvpName>? avpList, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => AvpCoreAsync(request, template, avpList, call, cancellationToken);

    private async ValueTask<AvpResult> AvpCoreAsync(RequestContext request, CommandTemplate template, IReadOnlyList<AvpName>? avpList, ExecCallOptions? call, CancellationToken cancellationToken)
    {
        ExecCall observed = ExecCall.Begin("exec_avp", metrics, logger);
        try
        {
            if (!TryPrepare(request, template, call, out ExecOptions o, out string command, out AvpResult? unsafeResult))
            {
                return observed.Complete(unsafeResult);
            }

            var assignments = new List<AvpAssignment>();
            int lineIndex = 0;
            bool AddLine(string line)
            {
                AvpName name = avpList is not null && lineIndex < avpList.Count ? avpList[lineIndex] : AvpName.FromInteger(lineIndex + 1);
                lineIndex++;
                request.Avps.Add(name, line);
                assignments.Add(new AvpAssignment(name, line));
                return true;
            }

            RunReport report = await RunAsync(observed, ExecFunction.Avp, command, template, request, null, o, request, null, OutputMode.Capture, AddLine, cancellationToken, ShellFree(o, template, request, null)).ConfigureAwait(false);
            return observed.Complete(new AvpResult(Result(report, command, report.Failure))
            {
                Assignments = assignments,
            });
        }
        catch (Exception e) when (observed.Fail(e))
        {
            throw;
        }
    }

    /// <summary>
    /// <c>exec_cmd</c>: runs the command without the <c>SIP_*</c> environment and with stdout on <c>/dev/null</c>, so
    /// the result depends only on the exit status (Kamailio's depends on a SIGPIPE race).
    /// </summary>
    public ValueTask<ExecResult> ExecCmdAsync(RequestContext? request, string template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => ExecCmdAsync(request, CommandTemplate.GetOrParse(template), call, cancellationToken);

    /// <inheritdoc cref="ExecCmdAsync(RequestContext?, string, ExecCallOptions?, CancellationToken)"/>
    public ValueTask<ExecResult> ExecCmdAsync(RequestContext? request, CommandTemplate template, ExecCallOptions? call = null, CancellationToken cancellationToken = default)
        => CmdCoreAsync(request, template, call, cancellationToken);

    private async ValueTask<ExecResult> CmdCoreAsync(RequestContext? request, CommandTemplate template, ExecCallOptions? call, CancellationToken cancellationToken)
    {
        ExecCall observed = ExecCall.Begin("exec_cmd", metrics, logger);
        try
        {
            ArgumentNullException.ThrowIfNull(template);
            if (request is null && template.HasVariables)
            {
                throw new ArgumentException("the template has pseudo-variables, so it needs a request", nameof(request));
            }

            ExecOptions o = Effective(call);
            string command;
            if (request is null)
            {
                command = template.LiteralText;
            }
            else if (!TryExpand(template, request, o, out command, out ExecResult? unsafeResult, needsEnvironment: false))
            {
                return observed.Complete(unsafeResult);
            }

            RunReport report = await RunAsync(observed, ExecFunction.Cmd, command, template, request, null, o, null, null, OutputMode.Null, null, cancellationToken, ShellFree(o, template, request, null)).ConfigureAwait(false);
            return observed.Complete(Result(report, command, report.Failure));
        }
        catch (Exception e) when (observed.Fail(e))
        {
            throw;
        }
    }

    /// <summary>
    /// What a call would start, without starting anything: the command (the same expansion and mode, for exec_dset the
    /// quoted Request-URI appended) and the <c>SIP_*</c> variables the call would add to the environment. For running a
    /// command another way, such as the ExecToolkit.CliWrap package does.
    /// </summary>
    /// <param name="function">The exec function.</param>
    /// <param name="request">The request; null only for exec_cmd with a template without pseudo-variables.</param>
    /// <param name="template">The command template.</param>
    /// <param name="call">Settings for this call.</param>
    /// <returns>The invocation.</returns>
    /// <exception cref="UnsafeShellValueException">A request value cannot be placed in the command safely (the call would
    /// return <see cref="ExecFailure.UnsafeValue"/>).</exception>
    /// <exception cref="InvalidOperationException">The request's headers do not all parse, so there is no <c>SIP_*</c>
    /// environment (the call would return <see cref="ExecFailure.EnvironmentUnavailable"/>).</exception>
    public ShellInvocation Prepare(ExecFunction function, RequestContext? request, string template, ExecCallOptions? call = null)
        => Prepare(function, request, CommandTemplate.GetOrParse(template), call);

    /// <inheritdoc cref="Prepare(ExecFunction, RequestContext?, string, ExecCallOptions?)"/>
    public ShellInvocation Prepare(ExecFunction function, RequestContext? request, CommandTemplate template, ExecCallOptions? call = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!Enum.IsDefined(function))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "not an exec function");
        }

        ExecOptions o = Effective(call);
        if (request is null)
        {
            if (function != ExecFunction.Cmd || template.HasVariables)
            {
                throw new ArgumentNullException(nameof(request), function == ExecFunction.Cmd ? "the template has pseudo-variables, so it needs a request" : "this function needs a request");
            }

            return new ShellInvocation(function, o.Shell, template.LiteralText, [], null, o.TimeToKill);
        }

        bool environment = function != ExecFunction.Cmd && o.SetVars;
        if (environment && request.Request.HeaderError is SipParseException error)
        {
            throw new InvalidOperationException("no environment: " + error.Message, error);
        }

        string command = template.Expand(request, o.ExpansionMode);
        if (function == ExecFunction.Dset && request.CurrentUri.Length > 0)
        {
            command += ShellEscaper.QuoteAppendedUri(request.CurrentUri);
        }

        KeyValuePair<string, string>[] variables = [];
        if (environment)
        {
            using var block = new EnvironmentBlock();
            SipEnvironment.Write(request, PolicyOf(o), o.BashSafety, block);
            variables = EnvironmentBlock.Entries(block);
        }

        return new ShellInvocation(function, o.Shell, command, variables, function == ExecFunction.Msg ? request.Request.Raw : null, o.TimeToKill);
    }

    /// <summary>
    /// Reads the server's environment again. The environment commands inherit is read once, when the executor is
    /// created (reading it for every command costs more than a tenth of a short command); call this after changing it.
    /// The signals the server handles or ignores, which each command gets back at their default, are read at the same
    /// times: call it too after a signal's disposition changes (a signal ignored later would stay ignored in commands).
    /// </summary>
    public void RefreshEnvironment() => Volatile.Write(ref inherited, InheritedEnvironment.Current());

    /// <inheritdoc/>
    public void Dispose() => slots.Dispose();

    // What every call with a request does first: its arguments checked, its options, its command expanded; false, with the
    // result to return, when the command cannot be made.
    private bool TryPrepare<TResult>(RequestContext request, CommandTemplate template, ExecCallOptions? call, out ExecOptions o, out string command, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out TResult? failed)
        where TResult : ExecResult, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(template);
        o = Effective(call);
        return TryExpand(template, request, o, out command, out failed);
    }

    private static bool TryExpand<TResult>(CommandTemplate template, RequestContext request, ExecOptions o, out string command, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out TResult? failed, bool needsEnvironment = true)
        where TResult : ExecResult, new()
    {
        if (needsEnvironment && o.SetVars && request.Request.HeaderError is SipParseException error)
        {
            command = "";
            failed = new TResult { ReturnCode = -1, Failure = ExecFailure.EnvironmentUnavailable, Detail = "no environment: " + error.Message, StdinComplete = false };
            return false;
        }

        try
        {
            command = template.Expand(request, o.ExpansionMode);
            failed = null;
            return true;
        }
        catch (UnsafeShellValueException e)
        {
            command = "";
            failed = new TResult { ReturnCode = -1, Failure = ExecFailure.UnsafeValue, Detail = e.Message, StdinComplete = false };
            return false;
        }
    }

    private EnvironmentPolicy PolicyOf(ExecOptions o) => ReferenceEquals(o, options) ? policy : o.EffectiveEnvironmentPolicy;

    private ExecOptions Effective(ExecCallOptions? call)
    {
        if (call is null)
        {
            return options;
        }

        ExecOptions o = options.Clone();
        call.ApplyTo(o);
        o.Validate();
        return o;
    }

    private static ExecResult Result(RunReport report, string command, ExecFailure failure) => new()
    {
        Detail = report.Detail,
        ReturnCode = failure == ExecFailure.None ? 1 : -1,
        Failure = failure,
        Command = command,
        ExitCode = report.Outcome?.ExitCode,
        Signal = report.Outcome?.Signal,
        TimedOut = report.Outcome?.TimedOut ?? false,
        Truncated = report.Outcome?.Truncated ?? false,
        Duration = report.Outcome?.Duration ?? TimeSpan.Zero,
        ProcessId = report.Outcome?.ProcessId,
        Stderr = report.Outcome?.Stderr,
        StdinComplete = report.Outcome?.StdinComplete ?? false,
        Arguments = report.Arguments,
    };

    private async Task<RunReport> RunAsync(ExecCall observed, ExecFunction kind, string command, CommandTemplate template, RequestContext? request, string? appendedUri, ExecOptions o, RequestContext? environmentOf, ReadOnlyMemory<byte>? stdin, OutputMode stdout, Func<string, bool>? onLine, CancellationToken cancellationToken, ShellFreeCall? shellFree = null)
    {
        string function = observed.Function;
        var tags = new TagList { { ExecTelemetry.FunctionTag, function } };
        if (Interlocked.Increment(ref waiting) > o.MaxConcurrency + o.QueueLimit)
        {
            Interlocked.Decrement(ref waiting);
            metrics.Rejections.Add(1, tags);
            ExecLog.Rejected(logger, function, o.MaxConcurrency, o.QueueLimit);
            return new RunReport(null, ExecFailure.Rejected);
        }

        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref waiting);
            return new RunReport(null, ExecFailure.Canceled, "canceled while waiting for a free slot");
        }

        // Counted only while something listens (the same answer for the decrement, should a listener come meanwhile).
        bool countActive = metrics.Active.Enabled;
        if (countActive)
        {
            metrics.Active.Add(1, tags);
        }

        EnvironmentBlock? variables = null;
        try
        {
            if (environmentOf is not null && o.SetVars)
            {
                // Built once a slot is free (a queued command holds no buffer), straight into the form execve takes.
                variables = new EnvironmentBlock();
                SipEnvironment.Write(environmentOf, PolicyOf(o), o.BashSafety, variables);
            }

            if (logger.IsEnabled(LogLevel.Debug))
            {
                // The command as logged: with the values of redacted headers hidden (made only when Debug is on).
                string shown = request is null ? command : template.ExpandForLog(request, o.ExpansionMode, PolicyOf(o)) + (appendedUri is null ? "" : ShellEscaper.QuoteAppendedUri(appendedUri));
                ExecLog.Running(logger, function, shown);
            }

            var run = new ShellRun
            {
                Shell = o.Shell,
                Command = SipText.Encode(command),
                Environment = Volatile.Read(ref inherited),
                Variables = variables,
                Stdin = stdin,
                Stdout = stdout,
                Stderr = o.Stderr switch
                {
                    StderrHandling.Capture => OutputMode.Capture,
                    StderrHandling.Discard => OutputMode.Null,
                    _ => OutputMode.Inherit,
                },
                OnLine = onLine,
                TimeToKill = o.TimeToKill,
                KillGrace = o.KillGrace,
                Drain = o.OutputDrain,
                MaxOutputBytes = o.MaxOutputBytes,
                MaxOutputLines = o.MaxOutputLines,
                MaxStderrBytes = o.MaxStderrBytes,
                PosixSpawnOnly = PosixSpawnOnly,
            };
            ShellOutcome outcome;
            string[]? started = null;
            try
            {
                if (shell is not null)
                {
                    outcome = await ScriptedShell.RunAsync(shell, new ShellInvocation(kind, o.Shell, command, EnvironmentBlock.Entries(variables), stdin, o.TimeToKill), run, cancellationToken).ConfigureAwait(false);
                }
                else if (shellFree is not null)
                {
                    (outcome, started) = await RunWithoutShellAsync(shellFree, run, variables, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    outcome = await ShellRunner.RunAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (System.IO.IOException e)
            {
                ExecLog.StartFailed(logger, function, e.Message);
                return new RunReport(null, ExecFailure.StartFailed, e.Message);
            }

            ExecFailure failure = outcome switch
            {
                { TimedOut: true } => ExecFailure.TimedOut,
                { Canceled: true } => ExecFailure.Canceled,
                { Signal: not null } => ExecFailure.Signaled,
                { ExitCode: not 0 } => ExecFailure.ExitStatus,
                _ => ExecFailure.None,
            };

            observed.Ran(outcome);
            if (outcome.TimedOut || outcome.Canceled)
            {
                var killed = new TagList { { ExecTelemetry.FunctionTag, function }, { ExecTelemetry.ErrorTypeTag, ExecTelemetry.ErrorType(failure) } };
                metrics.Kills.Add(1, killed);
            }

            if (outcome.TimedOut)
            {
                ExecLog.TimedOut(logger, function, o.TimeToKill, outcome.ProcessId);
            }

            return new RunReport(outcome, failure, Arguments: started);
        }
        finally
        {
            variables?.Dispose();
            if (countActive)
            {
                metrics.Active.Add(-1, tags);
            }

            slots.Release();
            Interlocked.Decrement(ref waiting);
        }
    }

    private readonly record struct RunReport(ShellOutcome? Outcome, ExecFailure Failure, string? Detail = null, string[]? Arguments = null);

    /// <summary>A call that may start its program without the shell: how to build its argument vector from the command's environment.</summary>
    private sealed record ShellFreeCall(Func<Func<string, string?>, string[]> Build, string? AppendedUri);

    // The simple command of the call when ShellUse.WhenNeeded allows it (ShellSafe mode and a simple template), else null.
    // A generated template builds its vector with the generator's straight-line code, any other with the interpreter.
    private static ShellFreeCall? ShellFree(ExecOptions o, CommandTemplate template, RequestContext? request, string? uri)
    {
        if (o.ShellUse != ShellUse.WhenNeeded || o.ExpansionMode != ExpansionMode.ShellSafe || template.SimpleCommandOf(out _) is not SimpleCommand simple)
        {
            return null;
        }

        string? appended = string.IsNullOrEmpty(uri) ? null : uri;
        if (request is not null && template.GeneratedArguments is { } generated)
        {
            return new ShellFreeCall(environment => generated(request, environment), appended);
        }

        return new ShellFreeCall(
            environment => simple.Arguments(
                token => request is null ? "" : PseudoVariables.PseudoVariableEvaluator.Print(template.Tokens[token].Variable!, request),
                environment),
            appended);
    }

    // Starts the program with the argument vector the shell would build; where the shell would report 127 or 126, so does
    // this, and a file the kernel cannot execute (no #!) runs through the shell, which is what the shell does with it.
    // Arguments is the vector when the program started without the shell, null when the shell ran or nothing did.
    private static async Task<(ShellOutcome Outcome, string[]? Arguments)> RunWithoutShellAsync(ShellFreeCall call, ShellRun run, EnvironmentBlock? variables, CancellationToken cancellationToken)
    {
        byte[][] environment = (run.Environment ?? InheritedEnvironment.Current()).Entries;

        // As the shell reads it: the call's SIP_* variables, then the inherited environment; nothing decoded but the value.
        string? Variable(string name) => variables?.Lookup(name) ?? ProgramSearch.Lookup(environment, name);

        string[] arguments = call.Build(Variable);
        if (call.AppendedUri is not null)
        {
            arguments = [.. arguments, call.AppendedUri];
        }

        string? program = ProgramSearch.Find(arguments[0], arguments[0].Contains('/', StringComparison.Ordinal) ? null : Variable("PATH"), out int status);
        if (program is null)
        {
            return (NotRun(run, arguments[0], status), null);
        }

        ShellRun direct = run with { Arguments = Array.ConvertAll(arguments, SipText.Encode), Program = program };
        try
        {
            return (await ShellRunner.RunAsync(direct, cancellationToken).ConfigureAwait(false), arguments);
        }
        catch (ProgramNotRunException e) when (e.Error == Native.ENOEXEC)
        {
            return (await ShellRunner.RunAsync(run, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ProgramNotRunException e)
        {
            return (NotRun(run, arguments[0], e.Error == Native.EACCES ? 126 : 127), null);
        }
    }

    // The outcome of a program the shell would not have found (127) or could not execute (126): no process ran.
    private static ShellOutcome NotRun(ShellRun run, string program, int status) => new()
    {
        ExitCode = status,
        StdinComplete = run.Stdin is null,
        Stderr = run.Stderr == OutputMode.Capture ? program + (status == 127 ? ": not found\n" : ": Permission denied\n") : null,
    };
}
