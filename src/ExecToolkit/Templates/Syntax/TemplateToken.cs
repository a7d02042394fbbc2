// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>The kinds of token in a command template.</summary>
internal enum TemplateTokenKind
{
    /// <summary>Literal text, passed to the shell as written.</summary>
    Text,

    /// <summary><c>$$</c> or <c>$($)</c>: a literal <c>$</c> for the shell.</summary>
    Dollar,

    /// <summary>A pseudo-variable, replaced by its value.</summary>
    PseudoVariable,
}

/// <summary>One token of a command template, with its place in the source.</summary>
internal sealed class TemplateToken
{
    internal TemplateToken(TemplateTokenKind kind, int start, string source, PseudoVariableSpec? variable)
    {
        Kind = kind;
        Start = start;
        Source = source;
        Variable = variable;
    }

    /// <summary>The kind of token.</summary>
    public TemplateTokenKind Kind { get; }

    /// <summary>Zero-based offset of the token in the template.</summary>
    public int Start { get; }

    /// <summary>Length of the token in the template.</summary>
    public int Length => Source.Length;

    /// <summary>The token's text in the template, exactly as written.</summary>
    public string Source { get; }

    /// <summary>What the shell receives for a text or dollar token (<c>$</c> for <c>$$</c>); empty for a pseudo-variable.</summary>
    public string LiteralText => Kind switch
    {
        TemplateTokenKind.Text => Source,
        TemplateTokenKind.Dollar => "$",
        _ => "",
    };

    /// <summary>The parsed pseudo-variable, for <see cref="TemplateTokenKind.PseudoVariable"/> tokens.</summary>
    public PseudoVariableSpec? Variable { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind + "@" + Start.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Source;
}

/// <summary>Which values of a multi-valued pseudo-variable to print.</summary>
internal enum PseudoVariableIndexKind
{
    /// <summary>No index: the first header, the newest AVP.</summary>
    None,

    /// <summary><c>[n]</c> or <c>[-n]</c>.</summary>
    Number,

    /// <summary><c>[*]</c>: every value, joined.</summary>
    All,
}

/// <summary>A parsed pseudo-variable: <c>$(name(inner)[index]{tr}...)</c>.</summary>
internal sealed class PseudoVariableSpec
{
    internal PseudoVariableSpec(PseudoVariableInfo info, string? innerName, PseudoVariableIndexKind indexKind, int index, IReadOnlyList<TransformationSpec> transformations, bool longForm)
    {
        Info = info;
        InnerName = innerName;
        IndexKind = indexKind;
        Index = index;
        Transformations = transformations;
        LongForm = longForm;
    }

    /// <summary>The catalog entry.</summary>
    public PseudoVariableInfo Info { get; }

    /// <summary>The name as written (<c>rU</c>, <c>ruri.user</c>).</summary>
    public string Name => Info.Name;

    /// <summary>The inner name, as in <c>$hdr(X-Account)</c>, or null.</summary>
    public string? InnerName { get; }

    /// <summary>The kind of index.</summary>
    public PseudoVariableIndexKind IndexKind { get; }

    /// <summary>The index for <see cref="PseudoVariableIndexKind.Number"/>: 0 is the first, -1 the last.</summary>
    public int Index { get; }

    /// <summary>Transformations, applied left to right.</summary>
    public IReadOnlyList<TransformationSpec> Transformations { get; }

    /// <summary>True for the <c>$( ... )</c> form.</summary>
    public bool LongForm { get; }

    /// <summary>The class of the printed value, after the transformations.</summary>
    public PseudoVariableValueClass ValueClass
    {
        get
        {
            PseudoVariableValueClass c = Info.ValueClass;
            foreach (TransformationSpec t in Transformations)
            {
                if (t.Info.ResultClass is PseudoVariableValueClass r)
                {
                    c = r;
                }
            }

            return c;
        }
    }

    /// <summary>Whether the printed value can be <c>&lt;null&gt;</c>.</summary>
    public bool CanBeNull => Info.CanBeNull;
}

/// <summary>One transformation of a pseudo-variable, as in <c>{s.substr,1,3}</c>.</summary>
internal sealed class TransformationSpec
{
    internal TransformationSpec(TransformationInfo info, IReadOnlyList<string> parameters, int start, int length)
    {
        Info = info;
        Parameters = parameters;
        Start = start;
        Length = length;
    }

    /// <summary>The catalog entry.</summary>
    public TransformationInfo Info { get; }

    /// <summary>The name, as in <c>s.substr</c>.</summary>
    public string Name => Info.Name;

    /// <summary>The parameters as written.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Offset of the opening brace in the template.</summary>
    public int Start { get; }

    /// <summary>Length up to and including the closing brace.</summary>
    public int Length { get; }
}
