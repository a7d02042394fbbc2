using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ExecToolkit.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.Analyzers;

/// <summary>
/// Runs the shared template rules where templates are written: <c>[ExecDset]</c>-style attributes, string constants
/// passed to <c>SipExec.Exec*Async</c> and <c>CommandTemplate.Parse</c>, and kamailio.cfg files given as AdditionalFiles.
/// On attributes and exec calls it also says whether the command could run without a shell (EXEC1010) or, where
/// <c>ShellUse.WhenNeeded</c> is in force, what keeps it in one (EXEC1011), with the shell model the generator and the
/// runtime use.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExecTemplateAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] ExecMethods = { "ExecDsetAsync", "ExecMsgAsync", "ExecAvpAsync", "ExecCmdAsync" };
    private static readonly string[] Attributes = { "ExecDsetAttribute", "ExecMsgAttribute", "ExecAvpAttribute", "ExecCmdAttribute" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnquotedValue,
        DiagnosticDescriptors.ShellReference,
        DiagnosticDescriptors.ShadowedShellName,
        DiagnosticDescriptors.ReferenceInSingleQuotes,
        DiagnosticDescriptors.DangerousPosition,
        DiagnosticDescriptors.QuotedValueCanBreakOut,
        DiagnosticDescriptors.MalformedTemplate,
        DiagnosticDescriptors.CommandBuiltFromRequest,
        DiagnosticDescriptors.RefusedWhereShellsDiffer,
        DiagnosticDescriptors.CanRunWithoutShell,
        DiagnosticDescriptors.NeedsShell);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterAdditionalFileAction(AnalyzeConfigFile);
        context.RegisterCompilationStartAction(start =>
        {
            // The API's types, found once per compilation: each invocation and attribute is then matched by a name
            // check and a symbol comparison, nothing formatted. A compilation without ExecToolkit registers nothing.
            INamedTypeSymbol? sipExec = start.Compilation.GetTypeByMetadataName("ExecToolkit.SipExec");
            INamedTypeSymbol? commandTemplate = start.Compilation.GetTypeByMetadataName("ExecToolkit.CommandTemplate");
            if (sipExec is null && commandTemplate is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, sipExec, commandTemplate), OperationKind.Invocation);
            INamedTypeSymbol?[] attributes = Attributes.Select(a => start.Compilation.GetTypeByMetadataName("ExecToolkit." + a)).ToArray();

            // Attributes are read from syntax: the compiler gives no attribute operation for a partial method without a
            // body, which is the very form the generator implements.
            start.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, attributes), SyntaxKind.Attribute);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? sipExec, INamedTypeSymbol? commandTemplate)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        bool exec = ExecMethods.Contains(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, sipExec);
        bool parse = (method.Name == "Parse" || method.Name == "GetOrParse") && SymbolEqualityComparer.Default.Equals(method.ContainingType, commandTemplate);
        if (!exec && !parse)
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType != SpecialType.System_String || argument.Syntax is not ArgumentSyntax syntax)
            {
                continue;
            }

            string name = argument.Parameter.Name;
            if (name == "template")
            {
                if (argument.Value.ConstantValue is { HasValue: true, Value: string template })
                {
                    LintMode mode = ModeOf(invocation, context);
                    IReadOnlyList<TemplateToken>? tokens = Report(context.Operation.SemanticModel, context.ReportDiagnostic, syntax.Expression, template, mode, context.CancellationToken);
                    if (exec)
                    {
                        ReportShellUse(context.ReportDiagnostic, syntax.Expression, tokens, mode, CallOption(invocation, "ShellUse"), ConfiguredShellUse(context.Options, invocation.Syntax.SyntaxTree));
                    }
                }
                else if (IsBuiltFromRequest(argument.Value))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CommandBuiltFromRequest, syntax.Expression.GetLocation(),
                        "the command is built at run time from request values, which the shell then parses; write a template with pseudo-variables instead"));
                }
            }
            else if (name == "avpList" && argument.Value.ConstantValue is { HasValue: true, Value: string list })
            {
                ReportAvpList(context, syntax.Expression, list);
            }
        }
    }

    /// <summary>The option that sets the mode of call sites that do not say (the mode the configuration gives SipExec).</summary>
    internal const string ModeOption = "exectoolkit.expansion_mode";

    /// <summary>The option that tells the analyzer the executor's ShellUse (Exec:ShellUse) for call sites that do not say.</summary>
    internal const string ShellUseOption = "exectoolkit.shell_use";

    // The mode a call runs in: the ExpansionMode its ExecCallOptions sets (new ExecCallOptions { ExpansionMode = ... }),
    // else the analyzer option exectoolkit.expansion_mode (.editorconfig or .globalconfig: shell_safe or verbatim), else
    // ShellSafe, the runtime's default.
    private static LintMode ModeOf(IInvocationOperation invocation, OperationAnalysisContext context)
    {
        if (CallOption(invocation, "ExpansionMode") is int number)
        {
            return number == 1 ? LintMode.Verbatim : LintMode.ShellSafe;
        }

        return context.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.Syntax.SyntaxTree).TryGetValue(ModeOption, out string? configured)
            && string.Equals(configured?.Trim(), "verbatim", System.StringComparison.OrdinalIgnoreCase)
            ? LintMode.Verbatim
            : LintMode.ShellSafe;
    }

    // The constant an enum property of the call's ExecCallOptions is set to in its object initializer, if any.
    private static int? CallOption(IInvocationOperation invocation, string property)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "call")
            {
                continue;
            }

            foreach (IOperation initializer in (WithoutConversions(argument.Value) as IObjectCreationOperation)?.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                    && target.Property.Name == property
                    && WithoutConversions(assignment.Value).ConstantValue is { HasValue: true, Value: int number })
                {
                    return number;
                }
            }
        }

        return null;
    }

    // The executor's ShellUse as the analyzer option exectoolkit.shell_use gives it (always or when_needed); null when unset.
    private static int? ConfiguredShellUse(AnalyzerOptions options, SyntaxTree tree)
    {
        if (!options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ShellUseOption, out string? configured) || configured is null)
        {
            return null;
        }

        string value = configured.Trim().Replace("_", "");
        return string.Equals(value, "whenneeded", System.StringComparison.OrdinalIgnoreCase) ? 1
            : string.Equals(value, "always", System.StringComparison.OrdinalIgnoreCase) ? 0
            : null;
    }

    // EXEC1010 where a ShellSafe simple command runs through the shell only because nothing said otherwise; EXEC1011 where
    // ShellUse.WhenNeeded is in force but the template needs a shell, with what stops it. An explicit Always says nothing.
    private static void ReportShellUse(System.Action<Diagnostic> report, ExpressionSyntax expression, IReadOnlyList<TemplateToken>? tokens, LintMode mode, int? explicitUse, int? configuredUse)
    {
        int use = explicitUse ?? configuredUse ?? 0;
        // A template that does not parse has its error (EXEC1007, or the generator's) and nothing else.
        if (tokens is null || (use == 0 && (explicitUse is not null || mode == LintMode.Verbatim)))
        {
            return;
        }

        SimpleCommand? simple = SimpleCommand.Analyze(tokens, mode == LintMode.Verbatim, out string? reason);
        Location location = expression.GetLocation();
        if (use == 1 && simple is null)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.NeedsShell, location,
                "ShellUse.WhenNeeded is in force, but the command runs through /bin/sh: " + reason));
        }
        else if (use == 0 && simple is not null)
        {
            // The same words on a handler and at a call site (the rule's description says where to set it).
            int count = simple.Words.Count - 1;
            report(Diagnostic.Create(DiagnosticDescriptors.CanRunWithoutShell, location,
                "the command is one simple command ('" + ProgramText(simple) + "' and " + count.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + (count == 1 ? " argument" : " arguments") + "): ShellUse.WhenNeeded would start it without /bin/sh"));
        }
    }

    // The program word as written in parts: literal text, placeholders as in the template, environment variables as $NAME.
    private static string ProgramText(SimpleCommand simple)
    {
        var sb = new System.Text.StringBuilder();
        foreach (ArgumentPart part in simple.Words[0])
        {
            sb.Append(part.Kind == ArgumentPartKind.Environment ? "$" + part.Text : part.Text);
        }

        return sb.ToString();
    }

    private static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, INamedTypeSymbol?[] attributes)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is not AttributeArgumentListSyntax list
            || context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: INamedTypeSymbol type } constructor
            || !attributes.Contains(type, SymbolEqualityComparer.Default))
        {
            return;
        }

        LintMode mode = LintMode.ShellSafe;
        int? shellUse = null;
        ExpressionSyntax? templateExpression = null;
        int position = 0;
        foreach (AttributeArgumentSyntax argument in list.Arguments)
        {
            if (argument.NameEquals is NameEqualsSyntax property)
            {
                if (property.Name.Identifier.ValueText == "Mode" && context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken) is { HasValue: true, Value: 1 })
                {
                    mode = LintMode.Verbatim;
                }
                else if (property.Name.Identifier.ValueText == "ShellUse" && context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken) is { HasValue: true, Value: int use })
                {
                    shellUse = use;
                }

                continue;
            }

            string? parameter = argument.NameColon is NameColonSyntax named
                ? named.Name.Identifier.ValueText
                : position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null;
            position++;
            if (parameter == "template")
            {
                templateExpression = argument.Expression;
            }
        }

        // A template or AVP list Kamailio refuses is the generator's error (EXEC0006-EXEC0008, with EXEC1002's advice for
        // a '$' meant for the shell): not repeated.
        if (templateExpression is not null && context.SemanticModel.GetConstantValue(templateExpression, context.CancellationToken) is { HasValue: true, Value: string template })
        {
            IReadOnlyList<TemplateToken>? tokens = Report(
                context.SemanticModel,
                d =>
                {
                    if (d.Id != DiagnosticDescriptors.MalformedTemplate.Id && d.Id != TemplateLinter.ShellReference)
                    {
                        context.ReportDiagnostic(d);
                    }
                },
                templateExpression,
                template,
                mode,
                context.CancellationToken);
            ReportShellUse(context.ReportDiagnostic, templateExpression, tokens, mode, shellUse, ConfiguredShellUse(context.Options, attribute.SyntaxTree));
        }
    }

    private static void AnalyzeConfigFile(AdditionalFileAnalysisContext context)
    {
        string path = context.AdditionalFile.Path;
        if (!path.EndsWith(".cfg", System.StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        SourceText? text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        string content = text.ToString();
        foreach (ConfigExecCall call in KamailioConfig.FindExecCalls(content))
        {
            if (call.Command is ConfigString command)
            {
                foreach (LintFinding finding in TemplateLinter.Lint(command.Value, LintMode.Verbatim))
                {
                    context.ReportDiagnostic(Create(finding, ConfigLocation(path, text, command, finding.Offset, finding.Length)));
                }
            }

            if (call.AvpList is ConfigString list && TemplateLinter.LintAvpList(list.Value) is LintFinding problem)
            {
                context.ReportDiagnostic(Create(problem, ConfigLocation(path, text, list, problem.Offset, problem.Length)));
            }
        }
    }

    private static Location ConfigLocation(string path, SourceText text, ConfigString literal, int offset, int length)
    {
        var span = TextSpan.FromBounds(literal.ToSource(offset), literal.ToSource(offset + length));
        return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
    }

    // Reports the template's findings; returns its tokens (null when it does not parse) for the ShellUse rules.
    private static IReadOnlyList<TemplateToken>? Report(SemanticModel? model, System.Action<Diagnostic> report, ExpressionSyntax expression, string template, LintMode mode, System.Threading.CancellationToken cancellation)
    {
        IReadOnlyList<LintFinding> findings = TemplateLinter.Lint(template, mode, out IReadOnlyList<TemplateToken>? tokens);
        if (findings.Count == 0)
        {
            return tokens;
        }

        // The literal is mapped only when there is something to point at in it.
        LiteralSpans? map = MapOf(model, expression, template, cancellation);
        foreach (LintFinding finding in findings)
        {
            (Location location, ImmutableDictionary<string, string?>? properties) = LiteralSpans.Locate(expression, map, finding.Offset, finding.Length);
            report(Create(finding, location, mode == LintMode.Verbatim ? LiteralSpans.MarkVerbatim(properties) : properties));
        }

        return tokens;
    }

    private static void ReportAvpList(OperationAnalysisContext context, ExpressionSyntax expression, string list)
    {
        if (TemplateLinter.LintAvpList(list) is LintFinding problem)
        {
            context.ReportDiagnostic(Create(problem, LiteralSpans.Locate(expression, MapOf(context.Operation.SemanticModel, expression, list, context.CancellationToken), problem.Offset, problem.Length)));
        }
    }

    // Literals and constant interpolated strings (the holes' constants from the semantic model) are mapped.
    private static LiteralSpans? MapOf(SemanticModel? model, ExpressionSyntax expression, string value, System.Threading.CancellationToken cancellation)
        => model is not null && LiteralSpans.HoleValues(expression, model, cancellation) is string[] holes
            ? LiteralSpans.Map(expression, value, holes)
            : null;

    private static Diagnostic Create(LintFinding finding, (Location Location, ImmutableDictionary<string, string?>? Properties) at)
        => Create(finding, at.Location, at.Properties);

    private static Diagnostic Create(LintFinding finding, Location location, ImmutableDictionary<string, string?>? properties = null)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ForId(finding.Id);
        DiagnosticSeverity severity = finding.Severity switch
        {
            LintSeverity.Error => DiagnosticSeverity.Error,
            LintSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        return Diagnostic.Create(descriptor, location, severity, additionalLocations: null, properties, finding.Message);
    }

    // An interpolated string or a concatenation that reads an ExecToolkit request object: the command text itself
    // then depends on the request, which no escaping can repair.
    private static bool IsBuiltFromRequest(IOperation value)
    {
        if (value is not (IInterpolatedStringOperation or IBinaryOperation))
        {
            return false;
        }

        return value.Descendants().Any(o => o is IPropertyReferenceOperation or IInvocationOperation or IFieldReferenceOperation
            && o.Type is not null
            && (TypeOf(o)?.ContainingNamespace?.ToDisplayString().StartsWith("ExecToolkit", System.StringComparison.Ordinal) ?? false));
    }

    private static ITypeSymbol? TypeOf(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation p => p.Instance?.Type ?? p.Property.ContainingType,
        IInvocationOperation i => i.Instance?.Type ?? i.TargetMethod.ContainingType,
        IFieldReferenceOperation f => f.Instance?.Type ?? f.Field.ContainingType,
        _ => null,
    };
}
