using System;

namespace ExecToolkit;

/// <summary>
/// Runs the command as <c>exec_cmd</c>. The ExecToolkit source generator implements the partial method it marks: the template is parsed and checked
/// at compile time, and the command is expanded by straight-line code.
/// </summary>
/// <remarks>
/// The method takes a <see cref="SipExec"/>, a <see cref="RequestContext"/> (optional when the template has no pseudo-variables) and optionally a
/// <see cref="System.Threading.CancellationToken"/>, in any order. The generator also adds
/// <c>internal static string &lt;MethodName&gt;Command(RequestContext request)</c>, which returns the expanded command.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ExecCmdAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="template">The command template.</param>
    public ExecCmdAttribute(string template)
    {
        Template = template;
    }

    /// <summary>The command template, in Kamailio's format-string syntax.</summary>
    public string Template { get; }

    /// <summary>Seconds after which the command is killed; 0 keeps the executor's setting.</summary>
    public double TimeToKillSeconds { get; set; }

    /// <summary>How pseudo-variable values are put into the command; <see cref="ExpansionMode.ShellSafe"/> by default.</summary>
    public ExpansionMode Mode { get; set; } = ExpansionMode.ShellSafe;

    /// <summary>Whether the SIP_* environment variables are set; true by default.</summary>
    public bool SetVars { get; set; } = true;

    /// <summary>Cap on the output bytes read; 0 keeps the executor's setting.</summary>
    public long MaxOutputBytes { get; set; }

    /// <summary>Cap on the output lines read; 0 keeps the executor's setting.</summary>
    public int MaxOutputLines { get; set; }
}
