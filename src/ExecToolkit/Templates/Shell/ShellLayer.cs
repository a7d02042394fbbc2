using System;

namespace ExecToolkit.Templates;

/// <summary>
/// What the shell does inside one kind of layer, in one place: every question the parser, <see cref="ShellContext"/>,
/// <see cref="ShellEscaper"/> and <see cref="ShellDifferences"/> ask about a layer is a property here.
/// </summary>
internal sealed class ShellLayer
{
    private static readonly ShellLayer[] ByKind =
    {
        new(ShellLayerKind.CommandSubstitution, '$', "$(...)", ShellQuoting.None, Traits.StartsCommandLine),
        new(ShellLayerKind.Backquotes, '`', "`...`", ShellQuoting.None, Traits.StartsCommandLine | Traits.Backquotes),
        new(ShellLayerKind.BackquotesInDoubleQuotes, 'B', "\"`...`\"", ShellQuoting.None, Traits.StartsCommandLine | Traits.Backquotes | Traits.DropsBackslashBeforeDoubleQuote),
        new(ShellLayerKind.SingleQuotes, 'S', "single-quoted", ShellQuoting.SingleQuoted, Traits.None),
        new(ShellLayerKind.DoubleQuotes, 'D', "double-quoted", ShellQuoting.DoubleQuoted, Traits.ReadsLikeDoubleQuotes | Traits.SingleQuoteIsLiteral),
        new(ShellLayerKind.ParameterWord, '{', "${...}", ShellQuoting.None, Traits.Transparent | Traits.ParameterExpansion),
        new(ShellLayerKind.ParameterPattern, 'P', "${...#pattern}", ShellQuoting.None, Traits.Transparent | Traits.ParameterExpansion),
        new(ShellLayerKind.Arithmetic, 'A', "$((...))", ShellQuoting.None, Traits.Transparent),
        new(ShellLayerKind.HereDocument, 'H', "here-document", ShellQuoting.None, Traits.ReadsLikeDoubleQuotes | Traits.SingleQuoteIsLiteral | Traits.HereDocument),
        new(ShellLayerKind.QuotedHereDocument, 'Q', "quoted here-document", ShellQuoting.None, Traits.SingleQuoteIsLiteral | Traits.HereDocument),
    };

    private readonly Traits _traits;

    private ShellLayer(ShellLayerKind kind, char letter, string description, ShellQuoting quoting, Traits traits) =>
        (Kind, Letter, Description, Quoting, _traits) = (kind, letter, description, quoting, traits);

    /// <summary>The yes-or-no properties of a layer, as the table above lists them.</summary>
    [Flags]
    private enum Traits
    {
        None = 0,
        StartsCommandLine = 1,
        Backquotes = 2,
        DropsBackslashBeforeDoubleQuote = 4,
        Transparent = 8,
        ParameterExpansion = 16,
        ReadsLikeDoubleQuotes = 32,
        SingleQuoteIsLiteral = 64,
        HereDocument = 128,
    }

    /// <summary>The kind of construct.</summary>
    public ShellLayerKind Kind { get; }

    /// <summary>The layer's character in <see cref="ShellContext.Layers"/>.</summary>
    public char Letter { get; }

    /// <summary>The name <see cref="ShellContext.ToString"/> gives the layer, e.g. <c>double-quoted</c>.</summary>
    public string Description { get; }

    /// <summary>The quoting the layer itself gives: single or double quotes; <see cref="ShellQuoting.None"/> for every other layer.</summary>
    public ShellQuoting Quoting { get; }

    /// <summary>True for a command substitution (<c>$(...)</c>, <c>`...`</c>): a fresh command line starts inside, so quoting outside it does not count.</summary>
    public bool StartsCommandLine => Has(Traits.StartsCommandLine);

    /// <summary>True for a backquoted command substitution, whose text loses a level of backslashes before it is read.</summary>
    public bool IsBackquotes => Has(Traits.Backquotes);

    /// <summary>
    /// True for backquotes inside double quotes, where <c>\"</c> loses its backslash too (besides <c>\\ ` $</c>) before the
    /// text is read as a command line.
    /// </summary>
    public bool DropsBackslashBeforeDoubleQuote => Has(Traits.DropsBackslashBeforeDoubleQuote);

    /// <summary>True for the word or pattern of <c>${...}</c> and for <c>$((...))</c>: the quoting around the expansion shows through.</summary>
    public bool IsTransparent => Has(Traits.Transparent);

    /// <summary>True for the word or pattern of <c>${...}</c>.</summary>
    public bool IsParameterExpansion => Has(Traits.ParameterExpansion);

    /// <summary>True where the text reads like the inside of double quotes: double quotes and an unquoted here-document body.</summary>
    public bool ReadsLikeDoubleQuotes => Has(Traits.ReadsLikeDoubleQuotes);

    /// <summary>True where a single quote is a plain character: double quotes and here-document bodies.</summary>
    public bool SingleQuoteIsLiteral => Has(Traits.SingleQuoteIsLiteral);

    /// <summary>True for the body of a here-document, quoted or not.</summary>
    public bool IsHereDocument => Has(Traits.HereDocument);

    /// <summary>The layer of <paramref name="kind"/>.</summary>
    /// <param name="kind">A kind of layer.</param>
    /// <returns>The shared instance describing it.</returns>
    public static ShellLayer Of(ShellLayerKind kind) => ByKind[(int)kind];

    /// <inheritdoc/>
    public override string ToString() => Description;

    private bool Has(Traits trait) => (_traits & trait) != 0;
}
