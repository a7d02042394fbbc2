using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.Analyzers;

/// <summary>Maps offsets in a string literal's value to source spans, for regular, verbatim and single-line raw literals.</summary>
internal static class LiteralSpans
{
    /// <summary>Source offsets of each value character (and one past the end), or null when the literal kind is not mapped.</summary>
    public static int[]? Map(ExpressionSyntax expression)
    {
        if (expression is not LiteralExpressionSyntax literal || !literal.Token.IsKind(SyntaxKind.StringLiteralToken) && !literal.Token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
        {
            return null;
        }

        SyntaxToken token = literal.Token;
        string text = token.Text;
        int start = token.SpanStart;
        var map = new List<int>();
        if (token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
        {
            int quotes = 0;
            while (quotes < text.Length && text[quotes] == '"')
            {
                quotes++;
            }

            for (int i = quotes; i < text.Length - quotes; i++)
            {
                map.Add(start + i);
            }

            map.Add(start + text.Length - quotes);
            return map.Count - 1 == token.ValueText.Length ? map.ToArray() : null;
        }

        if (text.StartsWith("@", System.StringComparison.Ordinal))
        {
            for (int i = 2; i < text.Length - 1; i++)
            {
                map.Add(start + i);
                if (text[i] == '"')
                {
                    i++;
                }
            }

            map.Add(start + text.Length - 1);
            return map.Count - 1 == token.ValueText.Length ? map.ToArray() : null;
        }

        for (int i = 1; i < text.Length - 1; i++)
        {
            map.Add(start + i);
            if (text[i] != '\\')
            {
                continue;
            }

            char e = text[i + 1];
            int length = e switch
            {
                'u' => 5,
                'U' => 9,
                'x' => 1 + HexRun(text, i + 2),
                _ => 1,
            };
            if (e == 'U')
            {
                // A \U escape above U+FFFF is two UTF-16 characters of the value.
                string hex = text.Substring(i + 2, 8);
                if (uint.TryParse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out uint cp) && cp > 0xFFFF)
                {
                    map.Add(start + i);
                }
            }

            i += length;
        }

        map.Add(start + text.Length - 1);
        return map.Count - 1 == token.ValueText.Length ? map.ToArray() : null;
    }

    public static Location Locate(ExpressionSyntax expression, int[]? map, int offset, int length)
    {
        if (map is null || offset + length >= map.Length)
        {
            return expression.GetLocation();
        }

        int from = map[offset];
        int to = map[offset + length];
        return Location.Create(expression.SyntaxTree, TextSpan.FromBounds(from, to));
    }

    private static int HexRun(string text, int from)
    {
        int n = 0;
        while (n < 4 && from + n < text.Length && System.Uri.IsHexDigit(text[from + n]))
        {
            n++;
        }

        return n;
    }
}
