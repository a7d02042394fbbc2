using System;
using System.Diagnostics.CodeAnalysis;

namespace ExecToolkit.Sip;

/// <summary>A CSeq header body: <c>42 INVITE</c>.</summary>
public sealed class CSeqHeader
{
    private CSeqHeader(string number, string method)
    {
        Number = number;
        Method = method;
    }

    /// <summary>The sequence number as written: a token, as Kamailio takes it (<c>42</c>, <c>007</c>, <c>-1</c>).</summary>
    public string Number { get; }

    /// <summary>The method.</summary>
    public string Method { get; }

    /// <summary>
    /// Parses <c>number SP method</c> as Kamailio's parse_cseq does: a number token (anything up to whitespace, not
    /// checked to be digits), spaces or tabs (a line fold between the two is an error), a method token, then only
    /// whitespace. False when the number or the method is missing.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CSeqHeader? value)
    {
        value = null;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> s = text.AsSpan().TrimStart(" \t\r\n");
        int numberEnd = s.IndexOfAny(" \t\r\n");
        if (numberEnd <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> number = s[..numberEnd];
        ReadOnlySpan<char> rest = s[numberEnd..].TrimStart(" \t");
        int methodEnd = rest.IndexOfAny(" \t\r\n");
        ReadOnlySpan<char> method = methodEnd < 0 ? rest : rest[..methodEnd];
        if (method.IsEmpty || !rest[method.Length..].Trim(" \t\r\n").IsEmpty)
        {
            return false;
        }

        value = new CSeqHeader(number.ToString(), method.ToString());
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Number + " " + Method;
}
