using System;
using System.Collections.Generic;

namespace ExecToolkit.Sip;

/// <summary>Splits <c>;name=value;flag</c> parameter lists (quoted values may hold separators).</summary>
internal static class SipParameters
{
    public static List<KeyValuePair<string, string?>> Parse(ReadOnlySpan<char> text, char separator = ';')
    {
        var result = new List<KeyValuePair<string, string?>>();
        for (int start = 0; start <= text.Length;)
        {
            int end = NextSeparator(text, start, separator);
            ReadOnlySpan<char> trimmed = text[start..end].Trim(" \t\r\n");
            start = end + 1;
            if (trimmed.IsEmpty)
            {
                continue;
            }

            int eq = trimmed.IndexOf('=');
            result.Add(eq < 0
                ? new KeyValuePair<string, string?>(trimmed.ToString(), null)
                : new KeyValuePair<string, string?>(trimmed[..eq].TrimEnd(" \t").ToString(), trimmed[(eq + 1)..].TrimStart(" \t").ToString()));
        }

        return result;
    }

    public static string? Get(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name)
    {
        foreach (KeyValuePair<string, string?> p in parameters)
        {
            if (p.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value ?? "";
            }
        }

        return null;
    }

    /// <summary>Splits on <paramref name="separator"/> outside double quotes and angle brackets.</summary>
    public static List<string> Split(ReadOnlySpan<char> text, char separator)
    {
        var parts = new List<string>();
        for (int start = 0; start <= text.Length;)
        {
            int end = NextSeparator(text, start, separator);
            parts.Add(text[start..end].ToString());
            start = end + 1;
        }

        return parts;
    }

    /// <summary>
    /// Where the part that starts at <paramref name="start"/> ends: the next <paramref name="separator"/> outside double
    /// quotes (a backslash escapes the next character inside them) and angle brackets, or the end of the text.
    /// </summary>
    public static int NextSeparator(ReadOnlySpan<char> text, int start, char separator)
    {
        bool quoted = false;
        int angle = 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                angle++;
            }
            else if (c == '>' && angle > 0)
            {
                angle--;
            }
            else if (c == separator && angle == 0)
            {
                return i;
            }
        }

        return text.Length;
    }
}
