using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.Analyzers;

/// <summary>How a literal writes a double quote: <c>\"</c> (regular), <c>""</c> (verbatim) or <c>"</c> (raw).</summary>
internal enum LiteralFlavour
{
    Regular,
    Verbatim,
    Raw,
}

/// <summary>
/// Maps each character of a string constant to the source text that writes it, for string literals (regular, verbatim,
/// raw) and constant interpolated strings (<c>$"..."</c>, <c>$@"..."</c>, <c>$"""..."""</c>, <c>$$"""..."""</c>,
/// each hole a constant string). A character that comes from a hole's constant maps to the whole hole.
/// </summary>
internal sealed class LiteralSpans
{
    private const string OffsetProperty = "TemplateOffset";
    private const string LengthProperty = "TemplateLength";
    private const string VerbatimProperty = "VerbatimMode";

    private readonly int[] starts;
    private readonly int[] ends;
    private readonly int[] holes;
    private readonly int contentStart;

    private LiteralSpans(LiteralFlavour flavour, string value, int[] starts, int[] ends, int[] holes, int contentStart)
    {
        Flavour = flavour;
        Value = value;
        this.starts = starts;
        this.ends = ends;
        this.holes = holes;
        this.contentStart = contentStart;
    }

    public LiteralFlavour Flavour { get; }

    /// <summary>The string constant.</summary>
    public string Value { get; }

    /// <summary>How the flavour writes a double quote.</summary>
    public string Quote => Flavour switch
    {
        LiteralFlavour.Regular => "\\\"",
        LiteralFlavour.Verbatim => "\"\"",
        _ => "\"",
    };

    /// <summary>
    /// The map of <paramref name="expression"/>, a literal or interpolated string whose value is <paramref name="value"/>;
    /// <paramref name="holeValues"/> are the constants of its holes in order (see <see cref="HoleValues"/>). Null for
    /// other expressions, expressions with syntax errors, or when the characters do not add up to <paramref name="value"/>.
    /// </summary>
    public static LiteralSpans? Map(ExpressionSyntax expression, string value, IReadOnlyList<string> holeValues)
    {
        // An unterminated or otherwise broken literal is not mapped (its delimiters are not where they should be).
        if (expression.ContainsDiagnostics)
        {
            return null;
        }

        var builder = new Builder();
        LiteralFlavour flavour;
        if (expression is LiteralExpressionSyntax literal)
        {
            SyntaxToken token = literal.Token;
            string text = token.Text;
            if (token.IsKind(SyntaxKind.StringLiteralToken))
            {
                flavour = text.StartsWith("@", System.StringComparison.Ordinal) ? LiteralFlavour.Verbatim : LiteralFlavour.Regular;
                int open = flavour == LiteralFlavour.Verbatim ? 2 : 1;
                builder.AddEscaped(text.Substring(open, text.Length - open - 1), token.SpanStart + open, flavour, braces: false);
            }
            else if (token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            {
                flavour = LiteralFlavour.Raw;
                int quotes = 0;
                while (quotes < text.Length && text[quotes] == '"')
                {
                    quotes++;
                }

                // A multi-line literal's content runs from the line after the opening quotes to the line break before the closing ones.
                int from = quotes;
                int to = text.Length - quotes;
                if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    from = LineEnd(text, quotes);
                    to = text.LastIndexOfAny(LineBreaks, to - 1);
                    to = to > 0 && text[to] == '\n' && text[to - 1] == '\r' ? to - 1 : to;
                    if (to < from)
                    {
                        return null;
                    }
                }

                builder.StartAt(token.SpanStart + from);
                if (!builder.AddRaw(text.Substring(from, to - from), token.SpanStart + from, token.ValueText))
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }
        else if (expression is InterpolatedStringExpressionSyntax interpolated)
        {
            flavour = interpolated.StringStartToken.Kind() switch
            {
                SyntaxKind.InterpolatedStringStartToken => LiteralFlavour.Regular,
                SyntaxKind.InterpolatedVerbatimStringStartToken => LiteralFlavour.Verbatim,
                _ => LiteralFlavour.Raw,
            };
            builder.StartAt(interpolated.StringStartToken.Span.End);
            int hole = 0;
            foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
            {
                if (content is InterpolatedStringTextSyntax part)
                {
                    SyntaxToken token = part.TextToken;
                    if (flavour != LiteralFlavour.Raw)
                    {
                        builder.AddEscaped(token.Text, token.SpanStart, flavour, braces: true);
                    }
                    else if (!builder.AddRaw(token.Text, token.SpanStart, token.ValueText))
                    {
                        return null;
                    }
                }
                else
                {
                    if (hole == holeValues.Count)
                    {
                        return null;
                    }

                    builder.AddHole(content.Span, holeValues[hole], hole);
                    hole++;
                }
            }

            if (hole != holeValues.Count)
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        return builder.Failed || builder.Value.ToString() != value
            ? null
            : new LiteralSpans(flavour, value, builder.Starts.ToArray(), builder.Ends.ToArray(), builder.Holes.ToArray(), builder.ContentStart);
    }

    /// <summary>The constants of an interpolated string's holes, in order (none for a literal); null when one is not a constant string.</summary>
    public static string[]? HoleValues(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is not InterpolatedStringExpressionSyntax interpolated)
        {
            return [];
        }

        var values = new List<string>();
        foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
        {
            if (content is InterpolationSyntax hole)
            {
                if (hole.AlignmentClause is not null || hole.FormatClause is not null
                    || model.GetConstantValue(hole.Expression, cancellationToken) is not { HasValue: true, Value: string value })
                {
                    return null;
                }

                values.Add(value);
            }
        }

        return values.ToArray();
    }

    /// <summary>
    /// Where the diagnostic for the value characters [offset, offset + length) goes, with the offset and length as
    /// diagnostic properties for the code fixes; the whole expression (and no properties) when unmapped.
    /// </summary>
    public static (Location Location, ImmutableDictionary<string, string?>? Properties) Locate(ExpressionSyntax expression, LiteralSpans? map, int offset, int length)
    {
        length = System.Math.Max(length, 1);
        if (map is null || offset < 0 || offset + length > map.Value.Length)
        {
            return (expression.GetLocation(), null);
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(OffsetProperty, offset.ToString(CultureInfo.InvariantCulture))
            .Add(LengthProperty, length.ToString(CultureInfo.InvariantCulture));
        return (Location.Create(expression.SyntaxTree, map.Span(offset, length)), properties);
    }

    /// <summary>The value offset and length a diagnostic was located from (see <see cref="Locate"/>).</summary>
    public static bool TryGetOffsets(Diagnostic diagnostic, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        return diagnostic.Properties.TryGetValue(OffsetProperty, out string? o) && int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && diagnostic.Properties.TryGetValue(LengthProperty, out string? l) && int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out length);
    }

    /// <summary>The properties with the mark that the template is expanded in Verbatim mode (values pasted as they are).</summary>
    public static ImmutableDictionary<string, string?>? MarkVerbatim(ImmutableDictionary<string, string?>? properties)
        => properties?.SetItem(VerbatimProperty, "true");

    /// <summary>Whether the analyzer marked the diagnostic's template as expanded in Verbatim mode.</summary>
    public static bool IsVerbatim(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(VerbatimProperty);

    /// <summary>The source of the value characters [offset, offset + length), widened to the whole of any hole they touch.</summary>
    public TextSpan Span(int offset, int length) => TextSpan.FromBounds(starts[offset], ends[offset + length - 1]);

    /// <summary>The source text of the value character at <paramref name="offset"/>; null when it comes from a hole.</summary>
    public TextSpan? TextOf(int offset) => holes[offset] < 0 ? TextSpan.FromBounds(starts[offset], ends[offset]) : null;

    /// <summary>
    /// Where source text inserted before the value character at <paramref name="offset"/> (or at the end) lands in the
    /// value at that offset; null between two characters of the same hole.
    /// </summary>
    public int? InsertionPoint(int offset)
    {
        if (offset > 0 && offset < Value.Length && holes[offset] >= 0 && holes[offset] == holes[offset - 1])
        {
            return null;
        }

        return offset < Value.Length ? starts[offset] : Value.Length > 0 ? ends[Value.Length - 1] : contentStart;
    }

    private static readonly char[] LineBreaks = ['\r', '\n', '\u0085', '\u2028', '\u2029'];

    // The index after the line break that ends the line containing index (or the text's length).
    private static int LineEnd(string text, int index)
    {
        int i = text.IndexOfAny(LineBreaks, index);
        if (i < 0)
        {
            return text.Length;
        }

        return text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
    }

    private sealed class Builder
    {
        public StringBuilder Value { get; } = new();

        public List<int> Starts { get; } = [];

        public List<int> Ends { get; } = [];

        public List<int> Holes { get; } = [];

        public int ContentStart { get; private set; } = -1;

        public bool Failed { get; private set; }

        public void StartAt(int position)
        {
            if (ContentStart < 0)
            {
                ContentStart = position;
            }
        }

        public void AddHole(TextSpan span, string value, int index)
        {
            StartAt(span.Start);
            foreach (char c in value)
            {
                Add(c, span.Start, span.End, index);
            }
        }

        // Regular and verbatim text: backslash escapes or "" for a quote; in interpolated text {{ and }} for a brace.
        public void AddEscaped(string text, int start, LiteralFlavour flavour, bool braces)
        {
            StartAt(start);
            int i = 0;
            while (i < text.Length && !Failed)
            {
                char c = text[i];
                int length = 1;
                string value = c.ToString();
                if ((braces && (c == '{' || c == '}')) || (flavour == LiteralFlavour.Verbatim && c == '"'))
                {
                    length = 2;
                }
                else if (flavour == LiteralFlavour.Regular && c == '\\')
                {
                    (value, length) = Escape(text, i);
                }

                foreach (char v in value)
                {
                    Add(v, start + i, start + i + length, -1);
                }

                i += length;
            }
        }

        // Raw text has no escapes; in a multi-line literal each line loses the closing quotes' indentation.
        public bool AddRaw(string text, int start, string value)
        {
            StartAt(start);
            int t = 0;
            int v = 0;
            while (t < text.Length || v < value.Length)
            {
                int tEnd = LineEnd(text, t);
                int vEnd = LineEnd(value, v);
                int skip = (tEnd - t) - (vEnd - v);
                if (skip < 0 || !IsIndentation(text, t, skip) || string.CompareOrdinal(text, t + skip, value, v, vEnd - v) != 0)
                {
                    Failed = true;
                    return false;
                }

                for (int k = 0; k < vEnd - v; k++)
                {
                    Add(value[v + k], start + t + skip + k, start + t + skip + k + 1, -1);
                }

                t = tEnd;
                v = vEnd;
            }

            return true;
        }

        private static bool IsIndentation(string text, int start, int length)
        {
            for (int i = start; i < start + length; i++)
            {
                if (!char.IsWhiteSpace(text[i]) || System.Array.IndexOf(LineBreaks, text[i]) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        private void Add(char c, int start, int end, int hole)
        {
            Value.Append(c);
            Starts.Add(start);
            Ends.Add(end);
            Holes.Add(hole);
        }

        private (string Value, int Length) Escape(string text, int i)
        {
            char e = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (e)
            {
                case 'u':
                    return Hex(text, i, 4, 4);
                case 'U':
                    return Hex(text, i, 8, 8);
                case 'x':
                    return Hex(text, i, 1, 4);
                default:
                    string? simple = e switch
                    {
                        '\'' => "'",
                        '"' => "\"",
                        '\\' => "\\",
                        '0' => "\0",
                        'a' => "\a",
                        'b' => "\b",
                        'e' => "\u001b",
                        'f' => "\f",
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        'v' => "\v",
                        _ => null,
                    };
                    Failed |= simple is null;
                    return (simple ?? "", 2);
            }
        }

        private (string Value, int Length) Hex(string text, int i, int min, int max)
        {
            int n = 0;
            while (n < max && i + 2 + n < text.Length && System.Uri.IsHexDigit(text[i + 2 + n]))
            {
                n++;
            }

            if (n < min || !uint.TryParse(text.Substring(i + 2, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint code) || code > 0x10FFFF)
            {
                Failed = true;
                return ("", 2 + n);
            }

            return (code > 0xFFFF ? char.ConvertFromUtf32((int)code) : ((char)code).ToString(), 2 + n);
        }
    }
}
