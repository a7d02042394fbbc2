using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ExecToolkit.Sip;

/// <summary>
/// A name-addr or addr-spec with header parameters, as in From, To, Contact and the identity headers:
/// <c>"Alice" &lt;sip:alice@example.org&gt;;tag=1</c> or <c>sip:alice@example.org;tag=1</c>.
/// </summary>
public sealed class NameAddress
{
    private NameAddress(string? displayName, string uri, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        DisplayName = displayName;
        Uri = uri;
        Parameters = parameters;
        ParsedUri = SipUri.TryParse(uri, out SipUri? parsed) ? parsed : null;
    }

    /// <summary>The display name as written (quotes included), trimmed; null when there is none.</summary>
    public string? DisplayName { get; }

    /// <summary>The URI text (inside the angle brackets, or the addr-spec).</summary>
    public string Uri { get; }

    /// <summary>The URI parsed, or null when it is not a sip/sips/tel URI Kamailio can parse.</summary>
    public SipUri? ParsedUri { get; }

    /// <summary>Header parameters after the URI, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>
    /// The <c>tag</c> parameter as Kamailio's To/From parser keeps it: the last one when it is repeated, without the
    /// quotes of a quoted value; "" when written empty (<c>;tag=</c>), null when absent.
    /// </summary>
    public string? Tag
    {
        get
        {
            string? tag = null;
            foreach (KeyValuePair<string, string?> p in Parameters)
            {
                if (p.Key.Equals("tag", StringComparison.OrdinalIgnoreCase))
                {
                    tag = p.Value ?? "";
                }
            }

            return tag is ['"', .., '"'] ? tag[1..^1] : tag;
        }
    }

    /// <summary>Parses one name-addr or addr-spec; false when it has no URI or unbalanced quotes or brackets.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NameAddress? value)
    {
        value = text is null ? null : ParseCore(text.AsSpan());
        return value is not null;
    }

    /// <summary>Parses a comma-separated list (Contact); commas inside quotes and angle brackets are kept.</summary>
    public static IReadOnlyList<NameAddress> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<NameAddress>();
        foreach (string part in SipParameters.Split(text, ','))
        {
            if (ParseCore(part.AsSpan()) is NameAddress value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => (DisplayName is null ? "" : DisplayName + " ") + "<" + Uri + ">";

    private static NameAddress? ParseCore(ReadOnlySpan<char> text)
    {
        text = text.Trim(" \t\r\n");
        if (text.IsEmpty)
        {
            return null;
        }

        int open = -1;
        bool quoted = false;
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
                open = i;
                break;
            }
        }

        if (quoted)
        {
            return null;
        }

        if (open >= 0)
        {
            int close = text[open..].IndexOf('>');
            if (close < 0)
            {
                return null;
            }

            close += open;
            ReadOnlySpan<char> display = text[..open].Trim(" \t\r\n");
            string uri = text[(open + 1)..close].Trim(" \t").ToString();
            if (uri.Length == 0)
            {
                return null;
            }

            ReadOnlySpan<char> after = text[(close + 1)..].TrimStart(" \t\r\n");
            if (!after.IsEmpty && after[0] != ';')
            {
                return null;
            }

            var parameters = after.IsEmpty ? new List<KeyValuePair<string, string?>>() : SipParameters.Parse(after[1..]);
            return new NameAddress(display.IsEmpty ? null : display.ToString(), uri, parameters);
        }

        // addr-spec: parameters after the first ';' are header parameters.
        int semi = text.IndexOf(';');
        ReadOnlySpan<char> spec = semi < 0 ? text : text[..semi];
        spec = spec.Trim(" \t");
        if (spec.IsEmpty || spec.IndexOfAny(" \t\"") >= 0)
        {
            return null;
        }

        var specParams = semi < 0 ? new List<KeyValuePair<string, string?>>() : SipParameters.Parse(text[(semi + 1)..]);
        return new NameAddress(null, spec.ToString(), specParams);
    }
}
