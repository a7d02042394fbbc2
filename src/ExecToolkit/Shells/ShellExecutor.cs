using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit;

/// <summary>
/// Stands in for the processes <see cref="SipExec"/> starts. Given one (the <c>shell</c> argument of the constructor,
/// or a <see cref="ShellExecutor"/> registered before <c>AddExec</c>), SipExec does everything as usual (expansion,
/// refusals, the <c>SIP_*</c> environment, limits, queueing, telemetry, reading output into the Request-URI, branches or
/// AVPs) but hands each command to <see cref="RunAsync"/> instead of starting <c>/bin/sh</c>, and treats the
/// <see cref="ShellCompletion"/> it returns as what the process did. Without one, SipExec starts real processes.
/// </summary>
/// <remarks>
/// Meant for tests of routing code and generated handlers: <c>FakeShell</c> in the ExecToolkit.Testing package replies
/// with scripted output and exit codes and records every invocation.
/// </remarks>
public abstract class ShellExecutor
{
    /// <summary>Runs one command, or pretends to.</summary>
    /// <param name="invocation">What SipExec would start: the shell, the command, the <c>SIP_*</c> variables, stdin.</param>
    /// <param name="cancellationToken">The caller's token. Throw <see cref="System.OperationCanceledException"/> for it (the call then
    /// reports <see cref="ExecFailure.Canceled"/>); throw <see cref="System.IO.IOException"/> for a shell that cannot start
    /// (<see cref="ExecFailure.StartFailed"/>). Any other exception leaves the exec call as it is.</param>
    /// <returns>What the command did.</returns>
    protected internal abstract ValueTask<ShellCompletion> RunAsync(ShellInvocation invocation, CancellationToken cancellationToken);
}
