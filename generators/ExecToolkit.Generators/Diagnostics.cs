using Microsoft.CodeAnalysis;

namespace ExecToolkit.Generators;

/// <summary>The generator's diagnostics, all errors.</summary>
internal static class Diagnostics
{
    private const string Category = "ExecToolkit.Generators";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "EXEC0001",
        "Method must be partial",
        "Method '{0}' has [{1}] but is not declared partial: declare it 'partial' without a body so that the generator can implement it");

    public static readonly DiagnosticDescriptor HasBody = Create(
        "EXEC0002",
        "Method must not have a body",
        "Method '{0}' has [{1}] and a body: remove the body, the generator implements the method");

    public static readonly DiagnosticDescriptor BadParameters = Create(
        "EXEC0003",
        "Invalid parameters",
        "Method '{0}' has invalid parameters: {1}");

    public static readonly DiagnosticDescriptor BadReturnType = Create(
        "EXEC0004",
        "Invalid return type",
        "Method '{0}' must return '{1}'");

    public static readonly DiagnosticDescriptor TemplateNotConstant = Create(
        "EXEC0005",
        "Template is not a constant",
        "The template of [{0}] must be a constant, non-null string");

    public static readonly DiagnosticDescriptor MalformedTemplate = Create(
        "EXEC0006",
        "Malformed template",
        "Malformed template: {0} (offset {1})");

    public static readonly DiagnosticDescriptor UnknownPseudoVariable = Create(
        "EXEC0007",
        "Unknown pseudo-variable",
        "Unknown pseudo-variable '{0}' in the template: {1}");

    public static readonly DiagnosticDescriptor BadAvpList = Create(
        "EXEC0008",
        "Invalid AVP list",
        "Invalid AVP list: {0} (offset {1})");

    public static readonly DiagnosticDescriptor UnsupportedShape = Create(
        "EXEC0009",
        "Method the generator cannot implement",
        "Method '{0}' has [{1}] but is {2}: the generator cannot implement it; declare a plain static or instance partial method in a class, struct or record that is not file-local");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "EXEC0009" => UnsupportedShape,
        "EXEC0001" => NotPartial,
        "EXEC0002" => HasBody,
        "EXEC0003" => BadParameters,
        "EXEC0004" => BadReturnType,
        "EXEC0005" => TemplateNotConstant,
        "EXEC0006" => MalformedTemplate,
        "EXEC0007" => UnknownPseudoVariable,
        _ => BadAvpList,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: global::ExecToolkit.Templates.TemplateLinter.HelpLink(id));
}
