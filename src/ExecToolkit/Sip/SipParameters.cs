using System;
using System.Collections.Generic;

namespace ExecToolkit.Sip;

/// <summary>Splits <c>;name=value;flag</c> parameter lists (quoted values may hold separators).</summary>
internal static class SipParameters
{
    public static List<KeyValuePair<string, string?>> Parse(ReadOnlySpan<char> text, char separator = ';')
    {
        var result = new List<KeyValuePair<string, string?>>();
        foreach (string item in Split(text, separator))
        {
            string trimmed = item.Trim(' ', '\t', '\r', '\n');
            if (trimmed.Length == 0)
            {
                continue;
            }

            int eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            result.Add(eq < 0
                ? new KeyValuePair<string, string?>(trimmed, null)
                : new KeyValuePair<string, string?>(trimmed[..eq].TrimEnd(' ', '\t'), trimmed[(eq + 1)..].TrimStart(' ', '\t')));
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
        bool quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
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
                parts.Add(text[start..i].ToString());
                start = i + 1;
            }
        }

        parts.Add(text[start..].ToString());
        return parts;
    }
}
