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

    /// <summary>The sequence number as written (digits).</summary>
    public string Number { get; }

    /// <summary>The method.</summary>
    public string Method { get; }

    /// <summary>Parses <c>number SP method</c>; false when either is missing or the number is not digits.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CSeqHeader? value)
    {
        value = null;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> s = text.AsSpan().Trim(" \t\r\n");
        int space = s.IndexOfAny(" \t\r\n");
        if (space <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> number = s[..space];
        ReadOnlySpan<char> method = s[space..].Trim(" \t\r\n");
        if (number.Length > 10 || number.ContainsAnyExceptInRange('0', '9') || method.IsEmpty || method.IndexOfAny(" \t\r\n") >= 0)
        {
            return false;
        }

        value = new CSeqHeader(number.ToString(), method.ToString());
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Number + " " + Method;
}
