using System;

namespace ExecToolkit;

/// <summary>
/// Runs the command as <c>exec_dset</c>: the first output line rewrites the request URI, later lines add branches. The ExecToolkit source generator implements the partial method it marks: the template is parsed and checked
/// at compile time, and the command is expanded by straight-line code.
/// </summary>
/// <remarks>
/// The method takes a <see cref="SipExec"/>, a <see cref="RequestContext"/> and optionally a
/// <see cref="System.Threading.CancellationToken"/>, in any order. The generator also adds
/// <c>internal static string &lt;MethodName&gt;Command(RequestContext request)</c>, which returns the expanded command.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ExecDsetAttribute : ExecAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="template">The command template.</param>
    public ExecDsetAttribute(string template)
        : base(template)
    {
    }
}
