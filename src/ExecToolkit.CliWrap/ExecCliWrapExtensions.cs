using System;
using System.Collections.Generic;
using System.Text;
using CliWrap;

namespace ExecToolkit.CliWrap;

/// <summary>
/// Turns what <see cref="SipExec"/> would start into a CliWrap <see cref="Command"/>: <c>/bin/sh -c &lt;command&gt;</c>
/// with the same expansion, expansion mode, appended Request-URI and <c>SIP_*</c> variables, and for exec_msg the request
/// on standard input. Run it with CliWrap's <c>ExecuteAsync</c>, <c>ExecuteBufferedAsync</c>, <c>ListenAsync</c> or pipes.
/// </summary>
/// <remarks>
/// Only the starting point is shared. What SipExec does around a process (killing the whole process group at
/// time_to_kill, the concurrency limit and queue, output limits, Kamailio's return codes, reading output into the
/// Request-URI, branches or AVPs, telemetry) is not part of a CliWrap command: use SipExec for that, CliWrap for pipelines
/// and streaming. CliWrap's defaults stay: a non-zero exit code throws (<c>WithValidation(CommandResultValidation.None)</c>
/// turns that off), stdout and stderr are discarded unless piped.
/// </remarks>
public static class ExecCliWrapExtensions
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The CliWrap command for an exec call, prepared by <see cref="SipExec.Prepare(ExecFunction, RequestContext?, string, ExecCallOptions?)"/>.</summary>
    /// <param name="exec">The executor whose options (and <paramref name="call"/>) decide the shell, the mode and the variables.</param>
    /// <param name="function">The exec function.</param>
    /// <param name="request">The request; null only for exec_cmd with a template without pseudo-variables.</param>
    /// <param name="template">The command template.</param>
    /// <param name="call">Settings for this call.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ExecToolkit.Templates.UnsafeShellValueException">A request value cannot be placed in the command safely.</exception>
    /// <exception cref="InvalidOperationException">The request's headers do not all parse, so there is no <c>SIP_*</c> environment.</exception>
    /// <exception cref="NotSupportedException">The command or a variable holds a request byte that is not UTF-8, which
    /// <see cref="System.Diagnostics.Process"/> cannot pass as it is (SipExec can).</exception>
    public static Command CreateCommand(this SipExec exec, ExecFunction function, RequestContext? request, string template, ExecCallOptions? call = null)
    {
        ArgumentNullException.ThrowIfNull(exec);
        return exec.Prepare(function, request, template, call).ToCommand();
    }

    /// <inheritdoc cref="CreateCommand(SipExec, ExecFunction, RequestContext?, string, ExecCallOptions?)"/>
    public static Command CreateCommand(this SipExec exec, ExecFunction function, RequestContext? request, CommandTemplate template, ExecCallOptions? call = null)
    {
        ArgumentNullException.ThrowIfNull(exec);
        return exec.Prepare(function, request, template, call).ToCommand();
    }

    /// <summary>The CliWrap command that starts <paramref name="invocation"/>: its shell with <c>-c</c> and the command, its variables added to this process's environment, its stdin.</summary>
    /// <param name="invocation">What SipExec would start.</param>
    /// <returns>The command.</returns>
    /// <exception cref="NotSupportedException">The command or a variable holds a request byte that is not UTF-8.</exception>
    public static Command ToCommand(this ShellInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        RequireUtf8("the command", invocation.Command);
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> variable in invocation.Variables)
        {
            RequireUtf8(variable.Key, variable.Value);
            variables[variable.Key] = variable.Value;
        }

        Command command = Cli.Wrap(invocation.Shell)
            .WithArguments(["-c", invocation.Command])
            .WithEnvironmentVariables(variables);
        return invocation.Stdin is ReadOnlyMemory<byte> stdin
            ? command.WithStandardInputPipe(PipeSource.FromBytes(stdin))
            : command;
    }

    // Process encodes arguments and the environment as UTF-8: a lone surrogate (a request byte that is not UTF-8, see
    // SipText) would reach the process as U+FFFD instead of the byte. Refused rather than changed.
    private static void RequireUtf8(string what, string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new NotSupportedException(what + " holds a request byte that is not UTF-8, which System.Diagnostics.Process (and so CliWrap) cannot pass unchanged; SipExec can.");
        }
    }
}
