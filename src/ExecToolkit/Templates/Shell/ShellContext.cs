using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>
/// Where a placeholder sits in a command line, as <c>/bin/sh</c> (POSIX sh, dash) will read it; where other shells read
/// the place differently, <see cref="ShellDifferences"/> says which values are refused there.
/// </summary>
/// <remarks>
/// <para>
/// The layers are the constructs enclosing the position (<see cref="LayerKinds"/>, outermost first; see
/// <see cref="ShellLayerKind"/>). They are of three sorts:
/// </para>
/// <list type="bullet">
/// <item><description>
/// Command substitutions start a fresh command line, so the quoting outside them does not count inside:
/// <see cref="ShellLayerKind.CommandSubstitution"/> <c>$(...)</c>, <see cref="ShellLayerKind.Backquotes"/>
/// <c>`...`</c>, and <see cref="ShellLayerKind.BackquotesInDoubleQuotes"/> (backquotes inside double quotes, where
/// <c>\"</c> also loses its backslash; in a here-document bash, mksh and zsh keep it, so backquotes there are
/// <see cref="ShellLayerKind.Backquotes"/>).
/// </description></item>
/// <item><description>
/// Quoting: <see cref="ShellLayerKind.SingleQuotes"/>, <see cref="ShellLayerKind.DoubleQuotes"/>, and the body of a
/// here-document, <see cref="ShellLayerKind.HereDocument"/> (unquoted delimiter: <c>\ $ `</c> are special, as in double
/// quotes) or <see cref="ShellLayerKind.QuotedHereDocument"/> (<c>&lt;&lt;'EOF'</c>: the body is literal).
/// </description></item>
/// <item><description>
/// Expansions the quoting around them shows through: <see cref="ShellLayerKind.ParameterWord"/>, the word of
/// <c>${X:-word}</c>; <see cref="ShellLayerKind.ParameterPattern"/>, the pattern of <c>${X#pattern}</c>, <c>##</c>,
/// <c>%</c>, <c>%%</c>; <see cref="ShellLayerKind.Arithmetic"/>, <c>$((...))</c>.
/// </description></item>
/// </list>
/// <para>
/// <see cref="Layers"/> writes the same list one character a layer: <c>$</c>, <c>`</c>, <c>B</c>, <c>S</c>, <c>D</c>,
/// <c>{</c>, <c>P</c>, <c>A</c>, <c>H</c>, <c>Q</c> in the order above. An empty list means a bare word of the top-level
/// command line. The other properties are derived from the layers or describe the word around the position.
/// </para>
/// </remarks>
internal readonly struct ShellContext : IEquatable<ShellContext>
{
    [Flags]
    internal enum Flags
    {
        None = 0,
        RedirectionTarget = 1,
        Comment = 2,
        CommandWord = 4,
        WordStart = 8,
        FollowsBackslash = 16,
        AdjoinsParameter = 32,
        HereDocumentDelimiter = 128,
        ParameterName = 256,
        HereDocumentStripsTabs = 512,
        FollowsLoneDollar = 1024,
        TildePrefix = 2048,
    }

    private readonly ShellLayers? _layers;
    private readonly Flags _flags;

    internal ShellContext(ShellLayers layers, Flags flags, HereDocumentLine? hereDocumentLine)
    {
        _layers = layers;
        _flags = flags;
        HereDocumentLine = hereDocumentLine;
    }

    /// <summary>
    /// The enclosing constructs, outermost first, one character each (see the remarks of <see cref="ShellContext"/>).
    /// </summary>
    public string Layers => LayerStack.ToString();

    /// <summary>The kinds of the enclosing constructs, outermost first (see the remarks of <see cref="ShellContext"/>).</summary>
    public IReadOnlyList<ShellLayerKind> LayerKinds => LayerStack.Kinds;

    /// <summary>
    /// The innermost quoting at the position. Inside <c>$(...)</c> or backquotes a fresh command line starts, so the
    /// quoting outside them does not count. Inside <c>${...}</c> and <c>$((...))</c> the quoting around the expansion
    /// counts. A here-document body reports <see cref="ShellQuoting.None"/>; see <see cref="IsHereDocument"/>.
    /// </summary>
    public ShellQuoting Quoting => LayerStack.InnermostQuoting;

    /// <summary>The number of enclosing command substitutions, <c>$(...)</c> or <c>`...`</c>.</summary>
    public int SubstitutionDepth => LayerStack.Count(layer => layer.StartsCommandLine);

    /// <summary>True when the innermost enclosing command substitution is the backquoted form <c>`...`</c>.</summary>
    public bool InBackticks => LayerStack.InnermostSubstitution?.IsBackquotes == true;

    /// <summary>
    /// True when the position is part of the word after a redirection operator (<c>&gt; &gt;&gt; &lt; &lt;&gt; &gt;| &gt;&amp; &lt;&amp;</c>,
    /// with or without a file descriptor number before it), i.e. the value names a file or a descriptor.
    /// </summary>
    public bool IsRedirectionTarget => (_flags & Flags.RedirectionTarget) != 0;

    /// <summary>True when the position is inside a comment (after an unquoted <c>#</c> that starts a word).</summary>
    public bool IsComment => (_flags & Flags.Comment) != 0;

    /// <summary>
    /// True when the position is part of the first word of a simple command: the value would name the command run.
    /// Leading assignments (<c>A=1 cmd</c>) and redirections do not count as the command word; reserved words such as
    /// <c>then</c> or <c>do</c> are followed by a command word.
    /// </summary>
    public bool IsCommandWord => (_flags & Flags.CommandWord) != 0;

    /// <summary>
    /// True when nothing of the same word precedes the position (quote characters that contribute no characters do not
    /// count): a value starting with <c>-</c> would be read as an option.
    /// </summary>
    public bool IsWordStart => (_flags & Flags.WordStart) != 0;

    /// <summary>
    /// True when the position is in the body of a here-document: a layer is <see cref="ShellLayerKind.HereDocument"/>
    /// (<c>H</c>, unquoted delimiter: <c>\ $ `</c> are special) or <see cref="ShellLayerKind.QuotedHereDocument"/>
    /// (<c>Q</c>, quoted delimiter: the body is literal); it is the innermost one unless an expansion inside the body
    /// encloses the position.
    /// </summary>
    public bool IsHereDocument => LayerStack.Any(layer => layer.IsHereDocument);

    /// <summary>
    /// True when the position is part of a here-document delimiter word (<c>&lt;&lt;&lt;ph&gt;</c>): the value would decide
    /// where the body ends, so <see cref="ShellEscaper"/> refuses every value there.
    /// </summary>
    public bool IsHereDocumentDelimiter => (_flags & Flags.HereDocumentDelimiter) != 0;

    /// <summary>
    /// True when the position is the parameter name of a braced expansion (<c>${&lt;ph&gt;}</c>): the value would select a
    /// variable, so <see cref="ShellEscaper"/> refuses every value there.
    /// </summary>
    public bool IsParameterName => (_flags & Flags.ParameterName) != 0;

    /// <summary>
    /// True when an escaping backslash of the command text directly precedes the position, so it would quote the first
    /// character of the inserted text. <see cref="ShellEscaper"/> neutralises it with a line continuation.
    /// </summary>
    public bool FollowsBackslash => (_flags & Flags.FollowsBackslash) != 0;

    /// <summary>
    /// True when the position directly follows <c>$</c> or an unbraced parameter such as <c>$NAME</c>, so characters of
    /// the value could extend the parameter name. <see cref="ShellEscaper"/> separates them.
    /// </summary>
    public bool AdjoinsParameter => (_flags & Flags.AdjoinsParameter) != 0;

    /// <summary>
    /// For the first value of a here-document body line that begins with the start of the delimiter: the line, so that
    /// the value cannot make it end the here-document. Null elsewhere.
    /// </summary>
    internal HereDocumentLine? HereDocumentLine { get; }

    internal Flags AllFlags => _flags;

    /// <summary>The enclosing constructs as a stack of layers.</summary>
    internal ShellLayers LayerStack => _layers ?? ShellLayers.Empty;

    /// <summary>True when the innermost layer is of <paramref name="kind"/>.</summary>
    /// <param name="kind">A kind of layer.</param>
    /// <returns>False as well for a bare word of the top-level command line.</returns>
    internal bool InnermostIs(ShellLayerKind kind) => LayerStack.Innermost?.Kind == kind;

    /// <summary>Inside the word or pattern of <c>${...}</c> that is itself in double quotes or a here-document.</summary>
    internal bool InQuotedBraces => LayerStack.Innermost?.IsParameterExpansion == true && LayerStack.ReadsLikeDoubleQuotes;

    /// <summary>
    /// In <c>'...'</c> or <c>"..."</c> directly inside the word or pattern of a <c>${...}</c> that is in double quotes or a
    /// here-document.
    /// </summary>
    internal bool InQuotesInQuotedBraces
    {
        get
        {
            ShellLayers layers = LayerStack;
            ShellLayers? braces = layers.Parent;
            return layers.Innermost?.Quoting is ShellQuoting.SingleQuoted or ShellQuoting.DoubleQuoted
                && braces!.Innermost?.IsParameterExpansion == true
                && braces.ReadsLikeDoubleQuotes;
        }
    }

    /// <summary>Enclosed both by a <c>$(...)</c> and a backquoted substitution, in either order.</summary>
    internal bool NestsDollarAndBackquote =>
        LayerStack.Any(layer => layer.Kind == ShellLayerKind.CommandSubstitution) && LayerStack.Any(layer => layer.IsBackquotes);

    /// <summary>In the body of a here-document that is inside a command substitution.</summary>
    internal bool HereDocumentInSubstitution
    {
        get
        {
            // The outermost here-document decides: a substitution must enclose it.
            bool inSubstitution = false;
            foreach (ShellLayer layer in LayerStack)
            {
                if (layer.IsHereDocument)
                {
                    return inSubstitution;
                }

                inSubstitution |= layer.StartsCommandLine;
            }

            return false;
        }
    }

    /// <summary>In a word that starts with an unquoted <c>~</c>, before any <c>/</c>: the tilde prefix.</summary>
    internal bool InTildePrefix => (_flags & Flags.TildePrefix) != 0;

    /// <summary>The position directly follows a <c>$</c> that starts no expansion (e.g. the template <c>$$$rU</c>).</summary>
    internal bool FollowsLoneDollar => (_flags & Flags.FollowsLoneDollar) != 0;

    /// <summary>At the start of a <c>&lt;&lt;-</c> here-document line: leading tabs of the value would be stripped.</summary>
    internal bool HereDocumentStripsTabs => (_flags & Flags.HereDocumentStripsTabs) != 0;

    /// <inheritdoc/>
    public bool Equals(ShellContext other) =>
        LayerStack.Equals(other.LayerStack)
        && _flags == other._flags
        && Equals(HereDocumentLine, other.HereDocumentLine);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ShellContext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (LayerStack.GetHashCode() * 397) ^ (int)_flags;

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">The first context.</param>
    /// <param name="right">The second context.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ShellContext left, ShellContext right) => left.Equals(right);

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">The first context.</param>
    /// <param name="right">The second context.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ShellContext left, ShellContext right) => !left.Equals(right);

    /// <summary>Describes the context, innermost construct first, e.g. <c>double-quoted in $(...)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        ShellLayers layers = LayerStack;
        if (IsComment)
        {
            sb.Append("comment");
        }
        else if (layers.Innermost?.StartsCommandLine != false)
        {
            sb.Append("bare");
        }

        foreach (ShellLayer layer in layers.InnermostFirst)
        {
            if (sb.Length > 0)
            {
                sb.Append(" in ");
            }

            sb.Append(layer.Description);
        }

        if (IsRedirectionTarget)
        {
            sb.Append(", redirection target");
        }

        if (IsCommandWord)
        {
            sb.Append(", command word");
        }

        if (IsWordStart)
        {
            sb.Append(", word start");
        }

        return sb.ToString();
    }
}
