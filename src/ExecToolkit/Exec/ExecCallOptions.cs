using System;

namespace ExecToolkit;

/// <summary>Per-call overrides of <see cref="ExecOptions"/>; null members keep the executor's setting.</summary>
public sealed class ExecCallOptions
{
    /// <summary>Overrides <see cref="ExecOptions.TimeToKill"/> (zero: no limit).</summary>
    public TimeSpan? TimeToKill { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.SetVars"/>.</summary>
    public bool? SetVars { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.ExpansionMode"/>.</summary>
    public ExpansionMode? ExpansionMode { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.ShellUse"/>.</summary>
    public ShellUse? ShellUse { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.EnvironmentPolicy"/>.</summary>
    public EnvironmentPolicy? EnvironmentPolicy { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.MaxOutputBytes"/>.</summary>
    public long? MaxOutputBytes { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.MaxOutputLines"/>.</summary>
    public int? MaxOutputLines { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.Stderr"/>.</summary>
    public StderrHandling? Stderr { get; init; }

    /// <summary>
    /// Export only these <c>SIP_*</c> variables, whatever the policy in force exports besides (it still drops and
    /// redacts); null: all of them. Generated handlers with <c>EnvironmentScope.Referenced</c> set it to the variables
    /// their command names.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string>? OnlyVariables { get; init; }

    /// <summary>Headers (full names) also left out of the environment for this call, besides those the policy drops.</summary>
    public System.Collections.Generic.IReadOnlyList<string>? DropHeaders { get; init; }

    /// <summary>Headers (full names) also redacted in the environment for this call, besides those the policy redacts.</summary>
    public System.Collections.Generic.IReadOnlyList<string>? RedactHeaders { get; init; }

    /// <summary>
    /// <c>SIP_*</c> variables with a longer value (in bytes) are also left out for this call
    /// (<see cref="EnvironmentPolicy.LeaveOutValuesOver"/>); the lower limit holds.
    /// </summary>
    public int? MaxEnvironmentValueBytes { get; init; }

    internal void ApplyTo(ExecOptions o)
    {
        o.TimeToKill = TimeToKill ?? o.TimeToKill;
        o.SetVars = SetVars ?? o.SetVars;
        o.ExpansionMode = ExpansionMode ?? o.ExpansionMode;
        o.ShellUse = ShellUse ?? o.ShellUse;
        o.EnvironmentPolicy = EnvironmentPolicy ?? o.EnvironmentPolicy;
        if (DropHeaders is { Count: > 0 })
        {
            o.EnvironmentPolicy = o.EnvironmentPolicy.Drop([.. DropHeaders]);
        }

        if (RedactHeaders is { Count: > 0 })
        {
            o.EnvironmentPolicy = o.EnvironmentPolicy.Redact([.. RedactHeaders]);
        }

        if (MaxEnvironmentValueBytes is int max)
        {
            o.EnvironmentPolicy = o.EnvironmentPolicy.LeaveOutValuesOver(max);
        }

        if (OnlyVariables is not null)
        {
            o.EnvironmentPolicy = o.EnvironmentPolicy.OnlyVariables([.. OnlyVariables]);
        }

        o.MaxOutputBytes = MaxOutputBytes ?? o.MaxOutputBytes;
        o.MaxOutputLines = MaxOutputLines ?? o.MaxOutputLines;
        o.Stderr = Stderr ?? o.Stderr;
    }
}
