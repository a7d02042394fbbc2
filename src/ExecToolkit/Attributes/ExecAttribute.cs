using System;

namespace ExecToolkit;

/// <summary>
/// What the four exec attributes share: the command template and the per-call settings. The ExecToolkit source
/// generator implements the partial method an exec attribute marks: the template is parsed and checked at compile
/// time, and the command is expanded by straight-line code.
/// </summary>
public abstract class ExecAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="template">The command template.</param>
    protected ExecAttribute(string template)
    {
        Template = template;
    }

    /// <summary>The command template, in Kamailio's format-string syntax.</summary>
    public string Template { get; }

    /// <summary>Seconds after which the command is killed; 0 keeps the executor's setting.</summary>
    public double TimeToKillSeconds { get; set; }

    /// <summary>How pseudo-variable values are put into the command; <see cref="ExpansionMode.ShellSafe"/> by default.</summary>
    public ExpansionMode Mode { get; set; } = ExpansionMode.ShellSafe;

    /// <summary>
    /// Whether the handler's command may start without <c>/bin/sh</c> (<see cref="ExecToolkit.ShellUse.WhenNeeded"/>,
    /// for a ShellSafe template that is one simple command) or always through it; when not given, the executor's
    /// <see cref="ExecOptions.ShellUse"/>.
    /// </summary>
    public ShellUse ShellUse { get; set; }

    /// <summary>Whether the SIP_* environment variables are set; true by default.</summary>
    public bool SetVars { get; set; } = true;

    /// <summary>
    /// Which <c>SIP_*</c> variables the command gets: <see cref="EnvironmentScope.All"/> (default, Kamailio's) or only
    /// those its template names (<see cref="EnvironmentScope.Referenced"/>, resolved by the generator at build time).
    /// </summary>
    public EnvironmentScope EnvironmentScope { get; set; }

    /// <summary>Headers (full names) left out of the command's environment, besides those the configuration drops.</summary>
    public string[]? DropHeaders { get; set; }

    /// <summary>Headers (full names) whose values the command sees as <c>[redacted]</c>, besides those the configuration redacts.</summary>
    public string[]? RedactHeaders { get; set; }

    /// <summary>Cap on the output bytes read; 0 keeps the executor's setting.</summary>
    public long MaxOutputBytes { get; set; }

    /// <summary>Cap on the output lines read; 0 keeps the executor's setting.</summary>
    public int MaxOutputLines { get; set; }
}
