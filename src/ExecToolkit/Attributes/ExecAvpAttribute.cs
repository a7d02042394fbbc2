using System;

namespace ExecToolkit;

/// <summary>
/// Runs the command as <c>exec_avp</c>: output lines are stored in AVPs. The ExecToolkit source generator implements the partial method it marks: the template is parsed and checked
/// at compile time, and the command is expanded by straight-line code.
/// </summary>
/// <remarks>
/// The method takes a <see cref="SipExec"/>, a <see cref="RequestContext"/> and optionally a
/// <see cref="System.Threading.CancellationToken"/>, in any order. The generator also adds
/// <c>internal static string &lt;MethodName&gt;Command(RequestContext request)</c>, which returns the expanded command.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ExecAvpAttribute : ExecAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="template">The command template.</param>
    /// <param name="avpList">The AVP list, as in <c>$avp(s:plan),$avp(s:credit)</c>; null for <c>$avp(i:1)</c>, <c>$avp(i:2)</c>, ... (integer AVPs named by line)</param>
    public ExecAvpAttribute(string template, string? avpList = null)
        : base(template)
    {
        AvpList = avpList;
    }

    /// <summary>The AVP list, or null for numbered AVPs.</summary>
    public string? AvpList { get; }
}
