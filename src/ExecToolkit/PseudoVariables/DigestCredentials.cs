using System;

namespace ExecToolkit.PseudoVariables;

/// <summary>Reads parameters of a <c>Digest</c> credentials header (<c>username="alice@example.com", realm="..."</c>).</summary>
internal static class DigestCredentials
{
    public static string? GetParameter(string value, string name)
    {
        ReadOnlySpan<char> s = value.AsSpan().TrimStart();
        int space = s.IndexOfAny(' ', '\t');
        if (space < 0)
        {
            return null;
        }

        s = s[(space + 1)..];
        while (!s.IsEmpty)
        {
            s = s.TrimStart(" \t\r\n,");
            int eq = s.IndexOf('=');
            if (eq < 0)
            {
                return null;
            }

            ReadOnlySpan<char> key = s[..eq].Trim();
            s = s[(eq + 1)..].TrimStart(" \t\r\n");
            string parsed;
            if (!s.IsEmpty && s[0] == '"')
            {
                // As Kamailio's digest parser: the value ends at the next quote, backslashes are kept as written
                // (username="al\"ice" is al\), and whatever follows up to the next comma is skipped.
                int end = s[1..].IndexOf('"');
                end = end < 0 ? s.Length : end + 1;
                parsed = s[1..end].ToString();
                s = end < s.Length ? s[(end + 1)..] : ReadOnlySpan<char>.Empty;
                int next = s.IndexOf(',');
                s = next < 0 ? ReadOnlySpan<char>.Empty : s[next..];
            }
            else
            {
                int comma = s.IndexOf(',');
                ReadOnlySpan<char> raw = comma < 0 ? s : s[..comma];
                parsed = raw.Trim().ToString();
                s = comma < 0 ? ReadOnlySpan<char>.Empty : s[comma..];
            }

            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return parsed;
            }
        }

        return null;
    }
}
