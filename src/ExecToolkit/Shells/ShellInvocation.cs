using System;
using System.Collections.Generic;

namespace ExecToolkit;

/// <summary>
/// One command as <see cref="SipExec"/> starts it: <c><see cref="Shell"/> -c <see cref="Command"/></c>, in an environment of
/// the server's variables (read when the executor was created, see <see cref="SipExec.RefreshEnvironment"/>) followed by
/// <see cref="Variables"/>, with <see cref="Stdin"/> on standard input.
/// </summary>
public sealed class ShellInvocation
{
    private readonly KeyValuePair<string, string>[] variables;

    internal ShellInvocation(ExecFunction function, string shell, string command, KeyValuePair<string, string>[] variables, ReadOnlyMemory<byte>? stdin, TimeSpan timeToKill)
    {
        Function = function;
        Shell = shell;
        Command = command;
        this.variables = variables;
        Stdin = stdin;
        TimeToKill = timeToKill;
    }

    /// <summary>The exec function the command runs for.</summary>
    public ExecFunction Function { get; }

    /// <summary>The shell's path (<see cref="ExecOptions.Shell"/>).</summary>
    public string Shell { get; }

    /// <summary>The text given to <c>sh -c</c>: the expanded template, for exec_dset with the quoted Request-URI appended.</summary>
    public string Command { get; }

    /// <summary>
    /// The <c>SIP_*</c> variables added to the environment, in the order they are added (empty for exec_cmd and with
    /// <see cref="ExecOptions.SetVars"/> off). A byte of the request that is not UTF-8 is a lone surrogate here (see
    /// <see cref="ExecToolkit.Sip.SipText"/>); the process gets the byte itself.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables => variables;

    /// <summary>What is written to standard input before it is closed (exec_msg: the request exactly as received); null: <c>/dev/null</c>.</summary>
    public ReadOnlyMemory<byte>? Stdin { get; }

    /// <summary>Whether SipExec reads standard output (exec_dset, exec_avp); otherwise it goes to the server's stdout (exec_msg) or <c>/dev/null</c> (exec_cmd).</summary>
    public bool ReadsOutput => Function is ExecFunction.Dset or ExecFunction.Avp;

    /// <summary>After how long the process group is killed; zero: never.</summary>
    public TimeSpan TimeToKill { get; }

    /// <summary>The value of one of <see cref="Variables"/>, or null when it is not set.</summary>
    /// <param name="name">The variable's name, such as <c>SIP_HF_FROM</c>.</param>
    /// <returns>The value, or null.</returns>
    public string? GetVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (KeyValuePair<string, string> variable in variables)
        {
            if (string.Equals(variable.Key, name, StringComparison.Ordinal))
            {
                return variable.Value;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Shell + " -c " + Command;
}
