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
                int end = 1;
                var sb = new System.Text.StringBuilder();
                while (end < s.Length && s[end] != '"')
                {
                    if (s[end] == '\\' && end + 1 < s.Length)
                    {
                        end++;
                    }

                    sb.Append(s[end]);
                    end++;
                }

                parsed = sb.ToString();
                s = end < s.Length ? s[(end + 1)..] : ReadOnlySpan<char>.Empty;
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
