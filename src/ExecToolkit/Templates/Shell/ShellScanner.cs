using System;
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>Reads a command line as POSIX <c>sh</c> (dash) does and reports where each placeholder sits.</summary>
/// <remarks>
/// <para>
/// Literal text is read with the shell's rules: single and double quotes, backslash escapes (outside quotes
/// <c>\x</c> quotes any <c>x</c>; inside double quotes only <c>$ ` " \</c> and newline), <c>$(...)</c> parsed as a
/// nested command line (quotes, parentheses, <c>case</c> patterns and comments inside), backquotes with their own
/// backslash processing, <c>${...}</c>, <c>$((...))</c>, comments, redirections and here-documents.
/// Placeholders are opaque word material: they never contain quotes or operators.
/// </para>
/// <para>
/// Here-documents: the body starts after the newline that ends the command line with the <c>&lt;&lt;</c> operator
/// and ends at the first line equal to the delimiter (leading tabs stripped for <c>&lt;&lt;-</c>). A placeholder in
/// the body gets the layer <see cref="ShellLayerKind.HereDocument"/> (<c>H</c>, unquoted delimiter) or
/// <see cref="ShellLayerKind.QuotedHereDocument"/> (<c>Q</c>, quoted delimiter) and, when its line could
/// become the delimiter line for some value, a guard that <see cref="ShellEscaper"/> checks.
/// </para>
/// </remarks>
internal static class ShellScanner
{
    /// <summary>The context of every placeholder, in order.</summary>
    /// <param name="segments">The command line: literal text and placeholders.</param>
    /// <returns>One context per placeholder.</returns>
    public static IReadOnlyList<ShellContext> Scan(IReadOnlyList<ShellSegment> segments) => Analyze(segments).Contexts;

    /// <summary>The context of every placeholder and the construct left open at the end of the text, if any.</summary>
    /// <param name="segments">The command line: literal text and placeholders.</param>
    /// <returns>The contexts and the unterminated construct (offset into the concatenated literal text) or -1.</returns>
    public static ShellScanResult Analyze(IReadOnlyList<ShellSegment> segments)
    {
        _ = segments ?? throw new ArgumentNullException(nameof(segments));
        var source = new ShellSource();
        int offset = 0;
        int placeholders = 0;
        foreach (ShellSegment segment in segments)
        {
            if (segment.IsPlaceholder)
            {
                source.Add(ShellSource.PlaceholderSymbol, offset, placeholders++, false);
                continue;
            }

            string text = segment.LiteralText;
            for (int i = 0; i < text.Length; i++)
            {
                source.Add(text[i], offset++, -1, false);
            }
        }

        source.EndOffset = offset;
        var state = new ShellScanState(placeholders);
        var parser = new ShellParser(source, state);
        parser.ParseList(new ShellFrame(), ShellLayers.Empty, false);
        return new ShellScanResult(state.Contexts, state.ErrorOffset, state.ErrorMessage);
    }
}

/// <summary>A sequence of characters and placeholders with their offsets in the original literal text.</summary>
internal sealed class ShellSource
{
    public const int PlaceholderSymbol = -1;
    public const int EndSymbol = -2;

    public List<int> Symbols { get; } = new();

    public List<int> Offsets { get; } = new();

    public List<int> PlaceholderIndexes { get; } = new();

    public List<bool> BackslashBefore { get; } = new();

    public int EndOffset { get; set; }

    public int Count => Symbols.Count;

    public void Add(int symbol, int offset, int placeholderIndex, bool backslashBefore)
    {
        Symbols.Add(symbol);
        Offsets.Add(offset);
        PlaceholderIndexes.Add(placeholderIndex);
        BackslashBefore.Add(backslashBefore);
    }

    public int OffsetAt(int position) => position < Offsets.Count ? Offsets[position] : EndOffset;
}

internal sealed class ShellScanState
{
    public ShellScanState(int placeholders)
    {
        Contexts = new ShellContext[placeholders];
    }

    public ShellContext[] Contexts { get; }

    public int ErrorOffset { get; private set; } = -1;

    public string? ErrorMessage { get; private set; }

    public void Fail(int offset, string message)
    {
        if (ErrorOffset < 0)
        {
            ErrorOffset = offset;
            ErrorMessage = message;
        }
    }
}

internal sealed class ShellHereDocument
{
    public ShellHereDocument(string delimiter, bool quoted, bool stripTabs, int offset)
    {
        Delimiter = delimiter;
        Quoted = quoted;
        StripTabs = stripTabs;
        Offset = offset;
    }

    public string Delimiter { get; }

    public bool Quoted { get; }

    public bool StripTabs { get; }

    public int Offset { get; }
}

/// <summary>Word and command state of one command line (the top level, or the inside of a substitution).</summary>
internal sealed class ShellFrame
{
    public bool InWord { get; set; }

    public bool HasContent { get; set; }

    public bool Plain { get; set; }

    public System.Text.StringBuilder Word { get; } = new();

    /// <summary>The word began a tilde prefix (<c>~</c> at its start or after <c>=</c> or <c>:</c> of an assignment) that no <c>/</c> has ended yet.</summary>
    public bool TildePrefixOpen { get; set; }

    public bool CommandPosition { get; set; } = true;

    public bool WordIsCommand { get; set; }

    public bool AssignmentPossible { get; set; }

    public bool IsAssignment { get; set; }

    public bool RedirectionPending { get; set; }

    public bool WordIsRedirection { get; set; }

    public int ParenDepth { get; set; }

    public bool LastWasOpenParen { get; set; }

    /// <summary>Open <c>case</c> commands: state (1 expect word, 2 expect <c>in</c>, 3 pattern, 4 body) and paren depth.</summary>
    public List<int[]> Cases { get; } = new();

    public List<ShellHereDocument> PendingHereDocuments { get; } = new();

    public int[]? CurrentCase => Cases.Count > 0 && Cases[Cases.Count - 1][1] == ParenDepth ? Cases[Cases.Count - 1] : null;

    /// <summary>True when a <c>case</c> is open at this parenthesis depth and in <paramref name="state"/>.</summary>
    public bool CaseIs(int state) => CurrentCase is int[] kase && kase[0] == state;

    /// <summary>Moves the <c>case</c> open at this parenthesis depth to <paramref name="state"/>.</summary>
    public void MoveCase(int state) => CurrentCase![0] = state;
}
