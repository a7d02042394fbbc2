using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ExecToolkit.Templates;

namespace ExecToolkit.Generators;

/// <summary>Which executor function a method calls.</summary>
internal enum ExecKind
{
    Dset,
    Msg,
    Avp,
    Cmd,
}

/// <summary>How a placeholder's value is written.</summary>
internal enum EscapeKind
{
    /// <summary>Appended as is (verbatim mode).</summary>
    Verbatim,

    /// <summary>A plain bare word: one single-quoted piece.</summary>
    BareWord,

    /// <summary>Inside '...'.</summary>
    SingleQuoted,

    /// <summary>Inside "...".</summary>
    DoubleQuoted,

    /// <summary>Any other context: ShellEscaper.Append with the context computed at type initialisation.</summary>
    Context,
}

/// <summary>A source position without a Roslyn <see cref="Location"/> (which holds a syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}

/// <summary>A diagnostic to report, with its arguments as strings.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Diagnostics.ById(Id), Location?.ToLocation(), Arguments.ToArrayOfObjects());
}

/// <summary>One enclosing type declaration: <c>partial class Outer&lt;T&gt;</c>.</summary>
internal sealed record TypeDeclaration(string Keyword, string Name, string TypeParameters);

/// <summary>One parameter of the partial method.</summary>
internal sealed record ParameterModel(string Type, string Name);

/// <summary>One template token, as the emitter writes it.</summary>
/// <param name="IsVariable">False for literal text (text and <c>$$</c>).</param>
/// <param name="Text">The literal text, or the token's source for a pseudo-variable.</param>
/// <param name="TokenIndex">The token's index in the template.</param>
/// <param name="Accessor">A direct <c>PseudoVariableAccessors</c> expression over <c>request</c>, or null to use <c>PseudoVariableEvaluator.Print</c>.</param>
/// <param name="Escape">How the value is escaped.</param>
/// <param name="HeaderName">For <c>$hdr(name)</c> read by its accessor: the name, classified once in a static field.</param>
internal sealed record SegmentModel(bool IsVariable, string Text, int TokenIndex, string? Accessor, EscapeKind Escape, string? HeaderName = null);

/// <summary>One part of an argument of a simple-command template: literal text, a placeholder's value or an environment variable.</summary>
/// <param name="Kind">What the part is.</param>
/// <param name="Text">The literal text, or the variable's name.</param>
/// <param name="TokenIndex">For a placeholder, its token's index.</param>
internal sealed record ArgumentPartModel(ArgumentPartKind Kind, string Text, int TokenIndex);

/// <summary>One argument of a simple-command template: its parts (none for an empty argument).</summary>
internal sealed record ArgumentModel(EquatableArray<ArgumentPartModel> Parts);

/// <summary>Everything the emitter needs for one method; no symbols, syntax or locations.</summary>
internal sealed record MethodModel(
    string Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    string TypeMetadataName,
    string Modifiers,
    string ReturnType,
    string Name,
    EquatableArray<ParameterModel> Parameters,
    ExecKind Kind,
    string Template,
    string? AvpList,
    double TimeToKillSeconds,
    bool Verbatim,
    bool SetVars,
    long MaxOutputBytes,
    int MaxOutputLines,
    string ExecParameter,
    string? RequestParameter,
    string? CancellationParameter,
    EquatableArray<SegmentModel> Segments)
{
    /// <summary>With <c>EnvironmentScope.Referenced</c>: the <c>SIP_*</c> names the template uses; null for all.</summary>
    public EquatableArray<string>? OnlyVariables { get; init; }

    /// <summary>Headers the attribute drops from the environment.</summary>
    public EquatableArray<string> DropHeaders { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Headers the attribute redacts in the environment.</summary>
    public EquatableArray<string> RedactHeaders { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The attribute's ShellUse (0 Always, 1 WhenNeeded) when it gives one; null keeps the executor's.</summary>
    public int? ShellUse { get; init; }

    /// <summary>In ShellSafe mode, for a template that is one simple command: its argument vector, the program first; null where it needs a shell.</summary>
    public EquatableArray<ArgumentModel>? Arguments { get; init; }
}

/// <summary>The parser's output for one attribute application: a model, or diagnostics, or both empty.</summary>
internal sealed record ParseResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

internal static class ModelExtensions
{
    public static object?[] ToArrayOfObjects(this EquatableArray<string> items)
    {
        var result = new object?[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = items[i];
        }

        return result;
    }
}
