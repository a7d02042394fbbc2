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

    /// <summary>Overrides <see cref="ExecOptions.EnvironmentPolicy"/>.</summary>
    public EnvironmentPolicy? EnvironmentPolicy { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.MaxOutputBytes"/>.</summary>
    public long? MaxOutputBytes { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.MaxOutputLines"/>.</summary>
    public int? MaxOutputLines { get; init; }

    /// <summary>Overrides <see cref="ExecOptions.Stderr"/>.</summary>
    public StderrHandling? Stderr { get; init; }

    internal void ApplyTo(ExecOptions o)
    {
        o.TimeToKill = TimeToKill ?? o.TimeToKill;
        o.SetVars = SetVars ?? o.SetVars;
        o.ExpansionMode = ExpansionMode ?? o.ExpansionMode;
        o.EnvironmentPolicy = EnvironmentPolicy ?? o.EnvironmentPolicy;
        o.MaxOutputBytes = MaxOutputBytes ?? o.MaxOutputBytes;
        o.MaxOutputLines = MaxOutputLines ?? o.MaxOutputLines;
        o.Stderr = Stderr ?? o.Stderr;
    }
}
