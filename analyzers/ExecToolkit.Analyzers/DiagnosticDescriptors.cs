using ExecToolkit.Templates;
using Microsoft.CodeAnalysis;

namespace ExecToolkit.Analyzers;

/// <summary>The descriptors of the EXEC1xxx rules; titles, descriptions and categories come from <see cref="LintRule"/>.</summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor UnquotedValue = Create(TemplateLinter.UnquotedValue);
    public static readonly DiagnosticDescriptor ShellReference = Create(TemplateLinter.ShellReference);
    public static readonly DiagnosticDescriptor ShadowedShellName = Create(TemplateLinter.ShadowedShellName);
    public static readonly DiagnosticDescriptor ReferenceInSingleQuotes = Create(TemplateLinter.ReferenceInSingleQuotes);
    public static readonly DiagnosticDescriptor DangerousPosition = Create(TemplateLinter.DangerousPosition);
    public static readonly DiagnosticDescriptor QuotedValueCanBreakOut = Create(TemplateLinter.QuotedValueCanBreakOut);
    public static readonly DiagnosticDescriptor MalformedTemplate = Create(TemplateLinter.MalformedTemplate);
    public static readonly DiagnosticDescriptor CommandBuiltFromRequest = Create(TemplateLinter.CommandBuiltFromRequest);
    public static readonly DiagnosticDescriptor RefusedWhereShellsDiffer = Create(TemplateLinter.RefusedWhereShellsDiffer);

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

    private static DiagnosticDescriptor Create(string id)
    {
        LintRule rule = LintRule.ForId(id);
        DiagnosticSeverity severity = rule.DefaultSeverity == LintSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        return new(id, rule.Title, "{0}", rule.Category, severity, isEnabledByDefault: true, rule.Description, rule.HelpLink);
    }
}
