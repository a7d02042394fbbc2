using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.Generators;

/// <summary>All generated methods of one containing type: one output file.</summary>
internal sealed record TypeGroup(string TypeMetadataName, EquatableArray<MethodModel> Methods);

/// <summary>Step names for incremental-generator tracking.</summary>
public static class TrackingNames
{
    /// <summary>The parser's output for [ExecDset] methods.</summary>
    public const string Dset = "ExecDset";

    /// <summary>The parser's output for [ExecMsg] methods.</summary>
    public const string Msg = "ExecMsg";

    /// <summary>The parser's output for [ExecAvp] methods.</summary>
    public const string Avp = "ExecAvp";

    /// <summary>The parser's output for [ExecCmd] methods.</summary>
    public const string Cmd = "ExecCmd";

    /// <summary>Models of one attribute kind.</summary>
    public const string Models = "Models";

    /// <summary>Diagnostics of one attribute kind.</summary>
    public const string Diagnostics = "Diagnostics";

    /// <summary>All models, sorted.</summary>
    public const string AllModels = "AllModels";

    /// <summary>Models grouped by containing type.</summary>
    public const string TypeGroups = "TypeGroups";
}

/// <summary>
/// Implements partial methods marked with <c>[ExecDset]</c>, <c>[ExecMsg]</c>, <c>[ExecAvp]</c> and <c>[ExecCmd]</c>:
/// the template is parsed and checked at compile time and the command is expanded by straight-line code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExecGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<MethodModel>> dset = Pipeline(context, "ExecToolkit.ExecDsetAttribute", ExecKind.Dset, TrackingNames.Dset);
        IncrementalValueProvider<ImmutableArray<MethodModel>> msg = Pipeline(context, "ExecToolkit.ExecMsgAttribute", ExecKind.Msg, TrackingNames.Msg);
        IncrementalValueProvider<ImmutableArray<MethodModel>> avp = Pipeline(context, "ExecToolkit.ExecAvpAttribute", ExecKind.Avp, TrackingNames.Avp);
        IncrementalValueProvider<ImmutableArray<MethodModel>> cmd = Pipeline(context, "ExecToolkit.ExecCmdAttribute", ExecKind.Cmd, TrackingNames.Cmd);

        IncrementalValueProvider<EquatableArray<MethodModel>> all = dset.Combine(msg).Combine(avp.Combine(cmd))
            .Select(static (x, _) => x.Left.Left.Concat(x.Left.Right).Concat(x.Right.Left).Concat(x.Right.Right)
                .OrderBy(m => m.TypeMetadataName, StringComparer.Ordinal)
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .ThenBy(m => string.Join(",", m.Parameters.Select(p => p.Type)), StringComparer.Ordinal)
                .ThenBy(m => m.Kind)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.AllModels);

        IncrementalValuesProvider<TypeGroup> groups = all
            .SelectMany(static (models, _) => models
                .GroupBy(m => m.TypeMetadataName, StringComparer.Ordinal)
                .Select(g => new TypeGroup(g.Key, g.ToEquatableArray())))
            .WithTrackingName(TrackingNames.TypeGroups);

        context.RegisterSourceOutput(groups, static (spc, group) =>
            spc.AddSource(HintName(group.TypeMetadataName), SourceText.From(Emitter.Emit(group), Encoding.UTF8)));
    }

    private static IncrementalValueProvider<ImmutableArray<MethodModel>> Pipeline(IncrementalGeneratorInitializationContext context, string attribute, ExecKind kind, string name)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax, (ctx, ct) => Parser.Parse(ctx, kind, ct))
            .WithTrackingName(name);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics)
            .WithTrackingName(name + TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));

        return results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(name + TrackingNames.Models)
            .Collect();
    }

    private static string HintName(string typeMetadataName)
    {
        var sb = new StringBuilder(typeMetadataName.Length + 8);
        foreach (char c in typeMetadataName)
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
        }

        return sb.Append(".Exec.g.cs").ToString();
    }
}
