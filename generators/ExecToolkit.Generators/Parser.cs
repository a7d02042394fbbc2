using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using ExecToolkit.Analyzers;
using ExecToolkit.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.Generators;

/// <summary>Turns an attributed method into an equatable <see cref="MethodModel"/> and diagnostics.</summary>
internal static class Parser
{
    private const string Accessors = "global::ExecToolkit.PseudoVariables.PseudoVariableAccessors.";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Pseudo-variables read by one accessor over the request (PseudoVariableEvaluator's table).
    private static readonly Dictionary<string, string> SimpleAccessors = new(StringComparer.Ordinal)
    {
        ["ru"] = "RequestUri", ["rU"] = "RequestUriUser", ["rd"] = "RequestUriHost", ["rp"] = "RequestUriPort",
        ["rP"] = "RequestUriTransport", ["rz"] = "RequestUriScheme", ["ou"] = "OriginalUri", ["oU"] = "OriginalUriUser",
        ["od"] = "OriginalUriHost", ["op"] = "OriginalUriPort", ["oP"] = "OriginalUriTransport", ["fu"] = "FromUri",
        ["fU"] = "FromUser", ["fd"] = "FromHost", ["fn"] = "FromDisplayName", ["ft"] = "FromTag", ["tu"] = "ToUri",
        ["tU"] = "ToUser", ["td"] = "ToHost", ["tn"] = "ToDisplayName", ["tt"] = "ToTag", ["ci"] = "CallId",
        ["cs"] = "CSeqNumber", ["csb"] = "CSeqBody", ["ct"] = "Contact", ["ua"] = "UserAgent",
        ["cT"] = "ContentType", ["cl"] = "ContentLength", ["pu"] = "PreferredIdentityUri", ["pU"] = "PreferredIdentityUser",
        ["pd"] = "PreferredIdentityHost", ["pn"] = "PreferredIdentityDisplayName", ["di"] = "DiversionUri",
        ["re"] = "RemotePartyIdUri", ["rt"] = "ReferToUri", ["au"] = "AuthUser", ["ad"] = "AuthDomain",
        ["aU"] = "AuthUsername", ["ar"] = "AuthRealm", ["rm"] = "Method", ["rv"] = "Version", ["mb"] = "MessageBuffer",
        ["ml"] = "MessageLength", ["rb"] = "Body", ["bs"] = "BodySize", ["du"] = "DestinationUri", ["br"] = "FirstBranch",
        ["bR"] = "AllBranches", ["ds"] = "DestinationSet", ["si"] = "SourceIp", ["siz"] = "SourceIpBracketed",
        ["sp"] = "SourcePort", ["Ri"] = "LocalIp", ["Rp"] = "LocalPort", ["pr"] = "Protocol", ["pp"] = "ProcessId",
        ["rc"] = "ReturnCode", ["?"] = "ReturnCode", ["null"] = "Null",
    };

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, ExecKind kind, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax || context.Attributes.Length == 0)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        AttributeData attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        string attributeName = "Exec" + kind.ToString();
        LocationInfo? methodLocation = LocationInfo.From(syntax.Identifier.GetLocation());

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return Fail(Diagnostics.NotPartial, methodLocation, method.Name, attributeName);
        }

        if (syntax.Body is not null || syntax.ExpressionBody is not null || method.PartialImplementationPart is not null)
        {
            return Fail(Diagnostics.HasBody, methodLocation, method.Name, attributeName);
        }

        if (UnsupportedShape(method) is string shape)
        {
            return Fail(Diagnostics.UnsupportedShape, methodLocation, method.Name, attributeName, shape);
        }

        string expectedReturn = kind switch
        {
            ExecKind.Dset => "DsetResult",
            ExecKind.Avp => "AvpResult",
            _ => "ExecResult",
        };
        if (!IsValueTaskOf(method.ReturnType, expectedReturn))
        {
            diagnostics.Add(Info(Diagnostics.BadReturnType, LocationInfo.From(syntax.ReturnType.GetLocation()), method.Name, "System.Threading.Tasks.ValueTask<ExecToolkit." + expectedReturn + ">"));
        }

        // Template.
        ExpressionSyntax? templateExpression = FindArgument(attributeSyntax, "template", 0);
        string? template = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
            ? attribute.ConstructorArguments[0].Value as string
            : null;
        TemplateAnalysis? analysis = null;
        if (template is null)
        {
            diagnostics.Add(Info(Diagnostics.TemplateNotConstant, LocationInfo.From((templateExpression ?? (SyntaxNode?)attributeSyntax ?? syntax).GetLocation()), attributeName));
        }
        else
        {
            analysis = AnalyzeTemplate(template, templateExpression, diagnostics);
        }

        // AVP list.
        string? avpList = null;
        if (kind == ExecKind.Avp && attribute.ConstructorArguments.Length > 1)
        {
            avpList = attribute.ConstructorArguments[1].Value as string;
            if (avpList is not null)
            {
                try
                {
                    _ = AvpList.Parse(avpList);
                }
                catch (TemplateParseException e)
                {
                    diagnostics.Add(Info(Diagnostics.BadAvpList, LocateInLiteral(FindArgument(attributeSyntax, "avpList", 1), avpList, e.Offset, e.Length, attributeSyntax ?? (SyntaxNode)syntax), e.Reason, e.Offset.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        // Parameters.
        bool hasVariables = analysis is not null && analysis.Tokens.Any(t => t.Kind == TemplateTokenKind.PseudoVariable);
        string? execParameter = null;
        string? requestParameter = null;
        string? cancellationParameter = null;
        var parameters = new List<ParameterModel>();
        var problems = new List<string>();
        if (method.IsGenericMethod)
        {
            problems.Add("the method must not be generic");
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            string name = EscapeIdentifier(parameter.Name);
            parameters.Add(new ParameterModel(parameter.Type.ToDisplayString(TypeFormat), name));
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                problems.Add("parameter '" + parameter.Name + "' must be passed by value");
            }
            else if (Is(parameter.Type, "ExecToolkit", "SipExec"))
            {
                Assign(ref execParameter, name, "SipExec", problems);
            }
            else if (Is(parameter.Type, "ExecToolkit", "RequestContext"))
            {
                Assign(ref requestParameter, name, "RequestContext", problems);
            }
            else if (Is(parameter.Type, "System.Threading", "CancellationToken"))
            {
                Assign(ref cancellationParameter, name, "CancellationToken", problems);
            }
            else
            {
                problems.Add("parameter '" + parameter.Name + "' has type '" + parameter.Type.ToDisplayString() + "'; only SipExec, RequestContext and CancellationToken are allowed");
            }
        }

        if (execParameter is null)
        {
            problems.Add("a SipExec parameter is required");
        }

        if (requestParameter is null && (kind != ExecKind.Cmd || hasVariables))
        {
            problems.Add(kind == ExecKind.Cmd ? "a RequestContext parameter is required when the template has pseudo-variables" : "a RequestContext parameter is required");
        }

        if (problems.Count > 0)
        {
            diagnostics.Add(Info(Diagnostics.BadParameters, LocationInfo.From(syntax.ParameterList.GetLocation()), method.Name, string.Join("; ", problems)));
        }

        if (diagnostics.Count > 0 || analysis is null || template is null)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        // Named arguments.
        double timeToKill = 0;
        bool verbatim = false;
        bool setVars = true;
        long maxBytes = 0;
        int maxLines = 0;
        bool referencedOnly = false;
        int? shellUse = null;
        var drop = new List<string>();
        var redact = new List<string>();
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            object? value = named.Value.Kind == TypedConstantKind.Array ? null : named.Value.Value;
            switch (named.Key)
            {
                case "TimeToKillSeconds":
                    timeToKill = value is double d ? d : 0;
                    break;
                case "Mode":
                    verbatim = value is int m && m == 1;
                    break;
                case "SetVars":
                    setVars = value is not bool b || b;
                    break;
                case "MaxOutputBytes":
                    maxBytes = value is long l ? l : 0;
                    break;
                case "MaxOutputLines":
                    maxLines = value is int n ? n : 0;
                    break;
                case "EnvironmentScope":
                    referencedOnly = value is int scope && scope == 1;
                    break;
                case "ShellUse":
                    shellUse = value is int use ? use : null;
                    break;
                case "DropHeaders":
                    AddStrings(named.Value, drop);
                    break;
                case "RedactHeaders":
                    AddStrings(named.Value, redact);
                    break;
            }
        }

        // EnvironmentScope.Referenced: the SIP_* names the shell text uses, resolved here once for every call.
        EquatableArray<string>? onlyVariables = referencedOnly
            ? EnvironmentReferences.Find(analysis.Tokens).ToEquatableArray()
            : null;

        cancellationToken.ThrowIfCancellationRequested();
        MethodModel model = new(
            method.ContainingType.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
            ContainingTypes(method.ContainingType),
            MetadataName(method.ContainingType),
            string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.Text).Append("partial")),
            method.ReturnType.ToDisplayString(TypeFormat),
            EscapeIdentifier(method.Name),
            parameters.ToEquatableArray(),
            kind,
            template,
            avpList,
            timeToKill,
            verbatim,
            setVars,
            maxBytes,
            maxLines,
            execParameter!,
            requestParameter,
            cancellationParameter,
            Segments(analysis, verbatim))
        {
            OnlyVariables = onlyVariables,
            DropHeaders = drop.ToEquatableArray(),
            RedactHeaders = redact.ToEquatableArray(),
            ShellUse = shellUse,
            Arguments = verbatim ? null : ArgumentVector(analysis),
        };
        return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }

    // The template's argument vector when the shared shell model finds it one simple command (as the runtime will).
    private static EquatableArray<ArgumentModel>? ArgumentVector(TemplateAnalysis analysis)
    {
        if (SimpleCommand.Analyze(analysis.Tokens, verbatim: false, out _) is not SimpleCommand simple)
        {
            return null;
        }

        var words = new List<ArgumentModel>();
        foreach (IReadOnlyList<ArgumentPart> word in simple.Words)
        {
            var parts = new List<ArgumentPartModel>();
            foreach (ArgumentPart part in word)
            {
                parts.Add(new ArgumentPartModel(part.Kind, part.Text, part.Token));
            }

            words.Add(new ArgumentModel(parts.ToEquatableArray()));
        }

        return words.ToEquatableArray();
    }

    private static void AddStrings(TypedConstant constant, List<string> into)
    {
        if (constant.Kind != TypedConstantKind.Array || constant.IsNull)
        {
            return;
        }

        foreach (TypedConstant item in constant.Values)
        {
            if (item.Value is string text && text.Trim().Length > 0)
            {
                into.Add(text.Trim());
            }
        }
    }

    private static TemplateAnalysis? AnalyzeTemplate(string template, ExpressionSyntax? expression, List<DiagnosticInfo> diagnostics)
    {
        SyntaxNode? fallback = expression;
        try
        {
            TemplateAnalysis analysis = TemplateAnalysis.Analyze(template);
            for (int i = 0; i < analysis.Tokens.Count; i++)
            {
                TemplateToken token = analysis.Tokens[i];
                ShellContext c = analysis.Contexts[i];
                if (token.Kind == TemplateTokenKind.PseudoVariable && (c.IsHereDocumentDelimiter || c.IsParameterName))
                {
                    string reason = "pseudo-variable in a " + (c.IsParameterName ? "${...} parameter name" : "here-document delimiter") + ", where no value can be placed safely";
                    diagnostics.Add(Info(Diagnostics.MalformedTemplate, LocateInLiteral(expression, template, token.Start, token.Length, fallback), reason, token.Start.ToString(CultureInfo.InvariantCulture)));
                    return null;
                }
            }

            return analysis;
        }
        catch (TemplateParseException e)
        {
            const string Unknown = "unknown pseudo-variable '";
            LocationInfo? location = LocateInLiteral(expression, template, e.Offset, e.Length, fallback);
            // A '$' meant for the shell: the advice the analyzer's EXEC1002 would give (it leaves attributes to this one).
            string? shell = TemplateLinter.ShellReferenceAt(template, e);
            string? advice = shell is null ? null : "for the shell's " + shell + " write $" + shell;
            if (e.Reason.StartsWith(Unknown, StringComparison.Ordinal))
            {
                diagnostics.Add(Info(Diagnostics.UnknownPseudoVariable, location, e.Reason.Substring(Unknown.Length).TrimEnd('\''), advice ?? "write $$ for a literal $"));
            }
            else
            {
                string reason = advice is null ? e.Reason : e.Reason + "; " + advice;
                diagnostics.Add(Info(Diagnostics.MalformedTemplate, location, reason, e.Offset.ToString(CultureInfo.InvariantCulture)));
            }

            return null;
        }
    }

    private static EquatableArray<SegmentModel> Segments(TemplateAnalysis analysis, bool verbatim)
    {
        var segments = new List<SegmentModel>();
        var literal = new StringBuilder();
        int literalStart = -1;
        for (int i = 0; i < analysis.Tokens.Count; i++)
        {
            TemplateToken token = analysis.Tokens[i];
            if (token.Kind != TemplateTokenKind.PseudoVariable)
            {
                if (literalStart < 0)
                {
                    literalStart = i;
                }

                literal.Append(token.LiteralText);
                continue;
            }

            if (literalStart >= 0)
            {
                segments.Add(new SegmentModel(false, literal.ToString(), literalStart, null, EscapeKind.Verbatim));
                literal.Clear();
                literalStart = -1;
            }

            PseudoVariableSpec variable = token.Variable!;
            string? accessor = Accessor(variable, i);
            string? headerName = accessor is not null && variable.Info.CanonicalName == "hdr" ? variable.InnerName ?? "" : null;
            segments.Add(new SegmentModel(true, token.Source, i, accessor, verbatim ? EscapeKind.Verbatim : Escape(analysis.Contexts[i]), headerName));
        }

        if (literalStart >= 0)
        {
            segments.Add(new SegmentModel(false, literal.ToString(), literalStart, null, EscapeKind.Verbatim));
        }

        return segments.ToEquatableArray();
    }

    private static EscapeKind Escape(ShellContext context)
    {
        // Where the shells read the place differently the runtime's escaper checks the value against ShellDifferences.
        if (context.IsComment || context.FollowsBackslash || context.AdjoinsParameter || context.IsHereDocument || context.IsHereDocumentDelimiter || context.IsParameterName
            || ShellDifferences.AnyApplies(context))
        {
            return EscapeKind.Context;
        }

        // A bare word, or one level of single or double quotes, has an escaping of its own; any other place the escaper's.
        ShellLayers layers = context.LayerStack;
        if (layers.IsEmpty)
        {
            return EscapeKind.BareWord;
        }

        return layers.Depth > 1 ? EscapeKind.Context : layers.Innermost!.Quoting switch
        {
            ShellQuoting.SingleQuoted => EscapeKind.SingleQuoted,
            ShellQuoting.DoubleQuoted => EscapeKind.DoubleQuoted,
            _ => EscapeKind.Context,
        };
    }

    // A direct accessor call over "request", or null when the value needs PseudoVariableEvaluator.Print.
    private static string? Accessor(PseudoVariableSpec spec, int tokenIndex)
    {
        if (spec.Transformations.Count > 0 || spec.IndexKind != PseudoVariableIndexKind.None)
        {
            return null;
        }

        string name = spec.Info.CanonicalName;
        if (SimpleAccessors.TryGetValue(name, out string? accessor))
        {
            return Accessors + accessor + "(request)";
        }

        string inner = Emitter.Literal(spec.InnerName ?? "");
        return name switch
        {
            "hdr" => Accessors + "FirstHeaderValue(request, Header" + tokenIndex.ToString(CultureInfo.InvariantCulture) + ", " + inner + ")",
            "hdrc" => Accessors + "HeaderCount(request, " + inner + ")",
            "var" => Accessors + "Variable(request, " + inner + ")",
            "env" => Accessors + "EnvironmentVariable(request, " + inner + ")",
            _ => null,
        };
    }

    private static ExpressionSyntax? FindArgument(AttributeSyntax? attribute, string name, int position)
    {
        if (attribute?.ArgumentList is null)
        {
            return null;
        }

        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute.ArgumentList.Arguments;
        foreach (AttributeArgumentSyntax argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == name)
            {
                return argument.Expression;
            }
        }

        return position < arguments.Count && arguments[position].NameColon is null && arguments[position].NameEquals is null
            ? arguments[position].Expression
            : null;
    }

    // Inside a regular string literal without escapes, the exact characters; otherwise the whole expression.
    // Inside the literal where the problem is, whatever the literal's kind (regular, verbatim, raw, interpolated without
    // holes); the whole argument when the constant is not one literal (a constant's name, a concatenation).
    private static LocationInfo? LocateInLiteral(ExpressionSyntax? expression, string value, int offset, int length, SyntaxNode? fallback)
    {
        LiteralSpans? map = expression is null ? null : LiteralSpans.Map(expression, value, Array.Empty<string>());
        if (map is not null && value.Length > 0 && offset >= 0)
        {
            // A problem at the very end (an unfinished "$(") points at the last character.
            int start = Math.Min(offset, value.Length - 1);
            int count = Math.Max(1, Math.Min(length, value.Length - start));
            return LocationInfo.From(LiteralSpans.Locate(expression!, map, start, count).Location);
        }

        return LocationInfo.From((expression ?? fallback)?.GetLocation());
    }

    // Shapes whose implementation part the generator would write wrongly: an extension method's 'this', an override's
    // 'override' and a file-local type's name are not reproduced.
    private static string? UnsupportedShape(IMethodSymbol method)
    {
        if (method.IsExtensionMethod)
        {
            return "an extension method";
        }

        if (method.IsOverride)
        {
            return "an override";
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return "in a file-local type ('file " + type.TypeKind.ToString().ToLowerInvariant() + " " + type.Name + "')";
            }
        }

        return null;
    }

    private static bool IsValueTaskOf(ITypeSymbol type, string resultName)
        => type is INamedTypeSymbol { Arity: 1 } named
            && Is(named, "System.Threading.Tasks", "ValueTask")
            && Is(named.TypeArguments[0], "ExecToolkit", resultName);

    private static bool Is(ITypeSymbol type, string ns, string name)
        => type.Name == name && type.ContainingType is null && type.ContainingNamespace?.ToDisplayString() == ns;

    private static void Assign(ref string? slot, string name, string typeName, List<string> problems)
    {
        if (slot is null)
        {
            slot = name;
        }
        else
        {
            problems.Add("more than one " + typeName + " parameter");
        }
    }

    private static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static EquatableArray<TypeDeclaration> ContainingTypes(INamedTypeSymbol type)
    {
        var types = new List<TypeDeclaration>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            string keyword = t.TypeKind switch
            {
                TypeKind.Struct => t.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => t.IsRecord ? "record" : "class",
            };
            string typeParameters = t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => EscapeIdentifier(p.Name))) + ">";
            types.Insert(0, new TypeDeclaration(keyword, EscapeIdentifier(t.Name), typeParameters));
        }

        return types.ToEquatableArray();
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            name = t.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static ParseResult Fail(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(null, new[] { Info(descriptor, location, arguments) }.ToEquatableArray());

    private static DiagnosticInfo Info(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, location, arguments.ToEquatableArray());
}
