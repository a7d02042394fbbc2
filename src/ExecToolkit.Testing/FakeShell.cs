using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.Testing;

/// <summary>
/// A <see cref="ShellExecutor"/> for tests: <see cref="SipExec"/> (and the handlers generated on it) expand, refuse,
/// build the <c>SIP_*</c> environment and read output as usual, but no process starts. Each command gets the reply
/// of the most recently added rule that matches it, and is recorded in <see cref="Invocations"/>. A command no rule
/// matches throws <see cref="InvalidOperationException"/> from the exec call, unless <see cref="Otherwise"/> is set.
/// </summary>
/// <example>
/// <code>
/// var shell = new FakeShell().Reply("lookup.sh 'alice'", ShellCompletion.Exited(0, "sip:alice@10.0.0.7\n"));
/// using var exec = new SipExec(shell: shell);
/// DsetResult result = await new Routes(exec).LookupAsync(request);
/// Assert.Equal("sip:alice@10.0.0.7", request.NewUri);
/// Assert.Equal("alice", shell.Invocations[0].GetVariable("SIP_USER"));
/// </code>
/// </example>
public sealed class FakeShell : ShellExecutor
{
    private readonly object gate = new();
    private readonly List<Rule> rules = [];
    private readonly List<ShellInvocation> invocations = [];

    /// <summary>The reply to a command no rule matches; null (the default): such a command is a test failure.</summary>
    public ShellCompletion? Otherwise { get; set; }

    /// <summary>Every command run so far, in the order they started (a copy).</summary>
    public IReadOnlyList<ShellInvocation> Invocations
    {
        get
        {
            lock (gate)
            {
                return invocations.ToArray();
            }
        }
    }

    /// <summary>Replies to the command exactly equal to <paramref name="command"/> (as given to <c>sh -c</c>, for exec_dset with the quoted R-URI).</summary>
    /// <param name="command">The whole command text.</param>
    /// <param name="completion">What the command does.</param>
    /// <returns>This fake.</returns>
    public FakeShell Reply(string command, ShellCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Reply(invocation => string.Equals(invocation.Command, command, StringComparison.Ordinal), completion);
    }

    /// <summary>Replies to every command <paramref name="match"/> accepts.</summary>
    /// <param name="match">Which invocations the rule is for.</param>
    /// <param name="completion">What the command does.</param>
    /// <returns>This fake.</returns>
    public FakeShell Reply(Func<ShellInvocation, bool> match, ShellCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return Reply(match, (_, _) => new ValueTask<ShellCompletion>(completion));
    }

    /// <summary>
    /// Replies to every command <paramref name="match"/> accepts with what <paramref name="reply"/> computes (which may
    /// wait, to hold a concurrency slot, or throw <see cref="OperationCanceledException"/> when its token fires).
    /// </summary>
    /// <param name="match">Which invocations the rule is for.</param>
    /// <param name="reply">What the command does.</param>
    /// <returns>This fake.</returns>
    public FakeShell Reply(Func<ShellInvocation, bool> match, Func<ShellInvocation, CancellationToken, ValueTask<ShellCompletion>> reply)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(reply);
        lock (gate)
        {
            rules.Add(new Rule(match, reply));
        }

        return this;
    }

    /// <inheritdoc/>
    protected override ValueTask<ShellCompletion> RunAsync(ShellInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        Rule? chosen = null;
        lock (gate)
        {
            invocations.Add(invocation);
            for (int i = rules.Count - 1; i >= 0 && chosen is null; i--)
            {
                if (rules[i].Match(invocation))
                {
                    chosen = rules[i];
                }
            }
        }

        if (chosen is not null)
        {
            return chosen.Reply(invocation, cancellationToken);
        }

        return Otherwise is ShellCompletion otherwise
            ? new ValueTask<ShellCompletion>(otherwise)
            : throw new InvalidOperationException("FakeShell has no reply for the command: " + invocation.Command
                + " (add one with Reply, or set Otherwise)");
    }

    private sealed record Rule(Func<ShellInvocation, bool> Match, Func<ShellInvocation, CancellationToken, ValueTask<ShellCompletion>> Reply);
}
