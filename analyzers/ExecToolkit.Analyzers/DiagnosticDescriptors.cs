using ExecToolkit.Templates;
using Microsoft.CodeAnalysis;

namespace ExecToolkit.Analyzers;

/// <summary>The descriptors of the EXEC1xxx rules; their texts come from the shared linter.</summary>
internal static class DiagnosticDescriptors
{
    private const string Security = "ExecToolkit.Security";
    private const string Usage = "ExecToolkit.Usage";

    public static readonly DiagnosticDescriptor UnquotedValue = Create("EXEC1001", "Unquoted pseudo-variable", Security, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ShellReference = Create("EXEC1002", "'$' is not a pseudo-variable", Usage, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ShadowedShellName = Create("EXEC1003", "Pseudo-variable takes a shell name", Usage, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ReferenceInSingleQuotes = Create("EXEC1004", "Shell reference inside single quotes", Usage, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor DangerousPosition = Create("EXEC1005", "Pseudo-variable decides what runs", Security, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor QuotedValueCanBreakOut = Create("EXEC1006", "Quoted pseudo-variable can break out in Verbatim mode", Security, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor MalformedTemplate = Create("EXEC1007", "Malformed command template", Usage, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CommandBuiltFromRequest = Create("EXEC1008", "Command built at run time from request values", Security, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor RefusedWhereShellsDiffer = Create("EXEC1009", "Pseudo-variable where shells read the text differently", Security, DiagnosticSeverity.Warning);

    public static DiagnosticDescriptor ForId(string id) => id switch
    {
        "EXEC1001" => UnquotedValue,
        "EXEC1002" => ShellReference,
        "EXEC1003" => ShadowedShellName,
        "EXEC1004" => ReferenceInSingleQuotes,
        "EXEC1005" => DangerousPosition,
        "EXEC1006" => QuotedValueCanBreakOut,
        "EXEC1008" => CommandBuiltFromRequest,
        "EXEC1009" => RefusedWhereShellsDiffer,
        _ => MalformedTemplate,
    };

    private static DiagnosticDescriptor Create(string id, string title, string category, DiagnosticSeverity severity)
        => new(id, title, "{0}", category, severity, isEnabledByDefault: true, helpLinkUri: TemplateLinter.HelpLink(id));
}
