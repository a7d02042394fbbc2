using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
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
internal static class Transformations
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
            "s.substr" => parameters.Count == 2 && TryInt(parameters[0], out int offset) && TryInt(parameters[1], out int length) ? Substring(value, offset, length) : null,
            "s.select" => parameters.Count == 2 && TryInt(parameters[0], out int index) ? Select(value, index, parameters[1]) : null,
            "s.encode.hexa" => Convert.ToHexStringLower(SipText.Encode(value)),
            "uri.user" => Uri(value) is SipUri u1 ? u1.User ?? "" : null,
            "uri.host" => Uri(value)?.Host,
            "uri.port" => Uri(value) is SipUri u3 ? u3.Port ?? "" : null,
            "uri.param" => parameters.Count == 1 && Uri(value) is SipUri u4 ? UriParameter(u4, parameters[0]) : null,
            "nameaddr.uri" => NameAddr(value, out _, out string? uri) ? uri : null,
            "nameaddr.name" => NameAddr(value, out string? display, out _) ? display : null,
            "param.value" => parameters.Count is 1 or 2 ? ParamValue(value, parameters[0], parameters.Count > 1 ? parameters[1] : ";") : null,
            "tobody.uri" => ToBody(value, out string? t1, out _) ? t1 : null,
            "tobody.tag" => ToBody(value, out _, out string? t2) ? t2 ?? "" : null,
            "tobody.user" => ToBody(value, out _, out _, out SipUri? t3) ? t3.User ?? "" : null,
            _ => throw new ArgumentException("unknown transformation '" + name + "'", nameof(name)),
        };
    }

    /// <summary>
    /// tr_eval_nameaddr. Kamailio also keeps the last value it parsed per worker process and reuses that result for
    /// the same text, so a value with a '&lt;' but no '&gt;' fails the first time and succeeds the next; here it
    /// always fails (docs/divergences.md: no state carried from one call or request to the next).
    /// </summary>
    private static bool NameAddr(string value, out string? name, out string? uri)
    {
        name = null;
        uri = null;
        if (value.Length == 0)
        {
            return false;
        }

        bool parsed = KamailioAddressParser.TryParseNameAddr(value, out string n, out string u);
        if (!parsed)
        {
            return false;
        }

        name = n;
        uri = u;
        return true;
    }

    private static bool TryInt(string text, out int result)
        => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    /// <summary>
    /// tr_eval_uri: an empty value fails; one trailing ';' is ignored (when the value is longer than 4 bytes); then
    /// Kamailio's parse_uri (<see cref="SipUri"/>) must accept the rest.
    /// </summary>
    private static SipUri? Uri(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        string text = value.Length > 4 && value[^1] == ';' ? value[..^1] : value;
        return SipUri.TryParse(text, out SipUri? uri) ? uri : null;
    }

    /// <summary>
    /// tr_eval_uri, TR_URI_PARAM: the parameters of a sip:/sips: URI as written (Kamailio's <c>sip_params</c>, before
    /// any phone2tel move) parsed as a ';' list; a missing parameter is "", parameters that do not parse as a list
    /// fail. A tel: or urn: URI has no <c>sip_params</c>, so every parameter of it is "".
    /// </summary>
    private static string? UriParameter(SipUri uri, string name)
    {
        string? parameters = uri.SipParametersText;
        if (string.IsNullOrEmpty(parameters))
        {
            return "";
        }

        return KamailioParamList.TryFind(parameters, 0, parameters.Length, ';', name, out string found) ? found : null;
    }

    /// <summary>
    /// tr_eval_paramlist, TR_PL_VALUE: the separator must be one byte; one trailing separator is ignored (when the
    /// value is longer than one byte); the value must parse as a parameter list with at least one parameter.
    /// </summary>
    private static string? ParamValue(string value, string name, string separatorText)
    {
        if (value.Length == 0 || separatorText.Length != 1 || separatorText[0] >= 0x80)
        {
            return null;
        }

        char separator = separatorText[0];
        int length = value.Length;
        if (length > 1 && value[length - 1] == separator)
        {
            length--;
        }

        return KamailioParamList.TryFind(value, 0, length, separator, name, out string found) ? found : null;
    }

    /// <summary>tr_eval_tobody: parse_to on the value, then parse_uri on its URI; either failing fails.</summary>
    private static bool ToBody(string value, out string? uri, out string? tag) => ToBody(value, out uri, out tag, out _);

    private static bool ToBody(string value, out string? uri, out string? tag, [NotNullWhen(true)] out SipUri? parsed)
    {
        parsed = null;
        if (value.Length == 0 || !KamailioAddressParser.TryParseToBody(value, out string body, out tag) || !SipUri.TryParse(body, out parsed))
        {
            uri = null;
            tag = null;
            return false;
        }

        uri = body;
        return true;
    }

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

    /// <summary>
    /// tr_eval_string, TR_S_SUBSTR, on bytes: a negative length fails; an offset at or past the end fails; a negative
    /// offset counts from the end and fails past the start; a length of 0, or one reaching the end, takes the rest.
    /// </summary>
    private static string? Substring(string value, int offset, int length)
    {
        if (length < 0)
        {
            return null;
        }

        byte[] bytes = SipText.Encode(value);
        int n = bytes.Length;
        int start;
        int count;
        if (offset >= 0)
        {
            if (offset >= n)
            {
                return null;
            }

            start = offset;
            count = length == 0 || (long)offset + length >= n ? n - offset : length;
        }
        else
        {
            long back = -(long)offset;
            if (back > n)
            {
                return null;
            }

            start = n - (int)back;
            count = length == 0 || back < length ? (int)back : length;
        }

        return SipText.Decode(bytes.AsSpan(start, count));
    }

    /// <summary>
    /// tr_eval_string, TR_S_SELECT: the field at the index (from the end when negative) of the value split at the
    /// separator byte; "" when there is no such field. A two-byte separator is an escape: its second byte must be
    /// '\\', 'n', 'r' or 't' (backslash, LF, CR, tab), or the transformation fails.
    /// </summary>
    private static string? Select(string value, int index, string separatorText)
    {
        char separator;
        if (separatorText.Length == 0)
        {
            separator = '\0';
        }
        else if (separatorText.Length == 1 && separatorText[0] < 0x80)
        {
            separator = separatorText[0];
        }
        else
        {
            char second = separatorText[0] < 0x80 ? separatorText[1] : '\uFFFF';
            switch (second)
            {
                case '\\':
                    separator = '\\';
                    break;
                case 'n':
                    separator = '\n';
                    break;
                case 'r':
                    separator = '\r';
                    break;
                case 't':
                    separator = '\t';
                    break;
                default:
                    return null;
            }
        }

        if (index >= 0)
        {
            int fieldStart = 0;
            int remaining = index;
            for (int p = 0; p < value.Length; p++)
            {
                if (value[p] == separator)
                {
                    if (remaining == 0)
                    {
                        return value[fieldStart..p];
                    }

                    fieldStart = p + 1;
                    remaining--;
                }
            }

            return remaining == 0 ? value[fieldStart..] : "";
        }
        else
        {
            int fieldEnd = value.Length;
            long remaining = -(long)index - 1;
            for (int p = value.Length - 1; p >= 0; p--)
            {
                if (value[p] == separator)
                {
                    if (remaining == 0)
                    {
                        return value[(p + 1)..fieldEnd];
                    }

                    fieldEnd = p;
                    remaining--;
                }
            }

            return remaining == 0 ? value[..fieldEnd] : "";
        }
    }

}
