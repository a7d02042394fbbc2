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
    public static readonly DiagnosticDescriptor CanRunWithoutShell = Create(TemplateLinter.CanRunWithoutShell);
    public static readonly DiagnosticDescriptor NeedsShell = Create(TemplateLinter.NeedsShell);

    private static readonly DiagnosticDescriptor[] All =
    {
        UnquotedValue, ShellReference, ShadowedShellName, ReferenceInSingleQuotes, DangerousPosition,
        QuotedValueCanBreakOut, MalformedTemplate, CommandBuiltFromRequest, RefusedWhereShellsDiffer, CanRunWithoutShell, NeedsShell,
    };

    /// <summary>The descriptor of a rule id; <see cref="MalformedTemplate"/>'s for an unknown one.</summary>
    public static DiagnosticDescriptor ForId(string id) => System.Array.Find(All, d => d.Id == id) ?? MalformedTemplate;

    private static DiagnosticDescriptor Create(string id)
    {
        LintRule rule = LintRule.ForId(id);
        DiagnosticSeverity severity = rule.DefaultSeverity switch
        {
            LintSeverity.Error => DiagnosticSeverity.Error,
            LintSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        return new(id, rule.Title, "{0}", rule.Category, severity, isEnabledByDefault: true, rule.Description, rule.HelpLink);
    }
}
