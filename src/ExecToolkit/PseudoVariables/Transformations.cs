using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.PseudoVariables;

/// <summary>
/// Kamailio's transformations. As in Kamailio, a transformation of a missing value, or one that fails (an offset
/// past the end, a value that is not a URI), makes the whole pseudo-variable print nothing (not <c>&lt;null&gt;</c>).
/// Lengths and offsets count bytes, as Kamailio does.
/// </summary>
public static class Transformations
{
    /// <summary>Applies the transformations in order; null means the chain failed.</summary>
    public static string? Apply(IReadOnlyList<TransformationSpec> transformations, string? value)
    {
        ArgumentNullException.ThrowIfNull(transformations);
        foreach (TransformationSpec t in transformations)
        {
            if (value is null)
            {
                return null;
            }

            value = Apply(t.Name, t.Parameters, value);
        }

        return value;
    }

    /// <summary>Applies one transformation by name; null means it failed.</summary>
    public static string? Apply(string name, IReadOnlyList<string> parameters, string value)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(value);
        return name switch
        {
            "s.len" => SipText.GetByteCount(value).ToString(CultureInfo.InvariantCulture),
            "s.tolower" => AsciiCase(value, upper: false),
            "s.toupper" => AsciiCase(value, upper: true),
            "s.substr" => Substring(value, Int(parameters[0]), Int(parameters[1])),
            "s.select" => Select(value, Int(parameters[0]), parameters[1][0]),
            "s.encode.hexa" => Convert.ToHexStringLower(SipText.Encode(value)),
            "uri.user" => SipUri.TryParse(value, out SipUri? u1) ? u1.User ?? "" : null,
            "uri.host" => SipUri.TryParse(value, out SipUri? u2) ? u2.Host : null,
            "uri.port" => SipUri.TryParse(value, out SipUri? u3) ? u3.Port ?? "" : null,
            "uri.param" => SipUri.TryParse(value, out SipUri? u4) ? u4.GetParameter(parameters[0]) ?? "" : null,
            "nameaddr.uri" => NameAddress.TryParse(value, out NameAddress? n1) ? n1.Uri : null,
            "nameaddr.name" => NameAddress.TryParse(value, out NameAddress? n2) ? n2.DisplayName ?? "" : null,
            "param.value" => ParamValue(value, parameters[0], parameters.Count > 1 ? parameters[1][0] : ';'),
            "tobody.uri" => NameAddress.TryParse(value, out NameAddress? t1) ? t1.Uri : null,
            "tobody.tag" => NameAddress.TryParse(value, out NameAddress? t2) ? t2.Tag ?? "" : null,
            "tobody.user" => NameAddress.TryParse(value, out NameAddress? t3) ? t3.ParsedUri?.User ?? "" : null,
            _ => throw new ArgumentException("unknown transformation '" + name + "'", nameof(name)),
        };
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string AsciiCase(string value, bool upper)
    {
        return string.Create(value.Length, (value, upper), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = state.value[i];
                span[i] = state.upper
                    ? (c >= 'a' && c <= 'z' ? (char)(c - 32) : c)
                    : (c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
            }
        });
    }

    private static string? Substring(string value, int offset, int length)
    {
        byte[] bytes = SipText.Encode(value);
        int n = bytes.Length;
        if (offset < 0)
        {
            offset += n;
        }

        if (offset < 0 || offset > n || (offset == n && n > 0))
        {
            return null;
        }

        int end;
        if (length == 0)
        {
            end = n;
        }
        else if (length > 0)
        {
            end = Math.Min(n, offset + length);
        }
        else
        {
            end = n + length;
            if (end < offset)
            {
                return null;
            }
        }

        return SipText.Decode(bytes.AsSpan(offset, end - offset));
    }

    private static string? Select(string value, int index, char separator)
    {
        string[] parts = value.Split(separator);
        int i = index < 0 ? parts.Length + index : index;
        return i >= 0 && i < parts.Length ? parts[i] : null;
    }

    private static string ParamValue(string value, string name, char separator)
    {
        foreach (string part in value.Split(separator))
        {
            string item = part.Trim(' ', '\t', '\r', '\n');
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string key = (eq < 0 ? item : item[..eq]).TrimEnd(' ', '\t');
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? "" : item[(eq + 1)..].Trim(' ', '\t');
            }
        }

        return "";
    }
}
