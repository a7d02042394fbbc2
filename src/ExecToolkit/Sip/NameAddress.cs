using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ExecToolkit.Sip;

/// <summary>
/// A name-addr or addr-spec with header parameters, as in From, To, Contact and the identity headers:
/// <c>"Alice" &lt;sip:alice@example.org&gt;;tag=1</c> or <c>sip:alice@example.org;tag=1</c>.
/// </summary>
/// <remarks>
/// One header value (<see cref="TryParse"/>: From, To) is read by the same rule as Kamailio's <c>parse_to</c>, the
/// state machine behind <c>$fu</c>, <c>$tu</c>, <c>$fn</c>, <c>$ft</c> and <c>{tobody.*}</c>
/// (<see cref="KamailioAddressParser.TryParseTo"/>). A comma-separated list (<see cref="ParseList"/>: Contact) is
/// split at commas outside quotes and angle brackets first, and each element read by a looser rule.
/// </remarks>
public sealed class NameAddress
{
    private static readonly System.Buffers.SearchValues<char> HeaderNameChars =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._+~");

    private readonly bool toRule;
    private readonly string? toTag;

    private NameAddress(string? displayName, string uri, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        DisplayName = displayName;
        Uri = uri;
        Parameters = parameters;
        ParsedUri = SipUri.TryParse(uri, out SipUri? parsed) ? parsed : null;
    }

    private NameAddress(ToBody body)
        : this(body.Display, body.Uri, body.Parameters)
    {
        toRule = true;
        toTag = body.Tag;
    }

    /// <summary>
    /// The display name as written (quotes included), without the white space around it; null when there is none,
    /// as for a bare addr-spec.
    /// </summary>
    public string? DisplayName { get; }

    /// <summary>The URI text (inside the angle brackets, or the addr-spec).</summary>
    public string Uri { get; }

    /// <summary>The URI parsed, or null when it is not a sip/sips/tel URI Kamailio can parse.</summary>
    public SipUri? ParsedUri { get; }

    /// <summary>
    /// Header parameters after the URI, in order. For <see cref="TryParse"/> a value is null without '=', "" when
    /// empty and without its quotes when quoted, as Kamailio keeps it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>
    /// The <c>tag</c> parameter as Kamailio's To/From parser keeps it: the last one when it is repeated, without the
    /// quotes of a quoted value; "" when written empty (<c>;tag=</c>), null when absent or written without '='.
    /// </summary>
    public string? Tag
    {
        get
        {
            if (toRule)
            {
                return toTag;
            }

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

    /// <summary>
    /// Parses one To/From-style value by Kamailio's <c>parse_to</c> rule (see
    /// <see cref="KamailioAddressParser.TryParseTo"/>): false where Kamailio reports a bad header, which for To means
    /// the request is dropped. A CR or LF not followed by white space, or a NUL, ends the value there, as in Kamailio.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NameAddress? value)
    {
        value = text is not null && KamailioAddressParser.TryParseTo(text, out ToBody? body) ? new NameAddress(body) : null;
        return value is not null;
    }

    /// <summary>
    /// Parses a To header value as Kamailio's message parser does: as <see cref="TryParse"/>, but false as well when
    /// parse_to stops before the end of the value (at a NUL, or at a CR followed by something else than white space).
    /// Kamailio parses To while it splits the headers and reads what follows that point as the next header line,
    /// which drops the request unless that rest starts like a header, <c>name:</c> (checked with Kamailio 5.6.3).
    /// Kamailio reads From, and the To-style transformations, from the header's own text, so for them the value ends
    /// there and the rest is ignored: that is TryParse.
    /// </summary>
    internal static bool TryParseToHeader(string? text, [NotNullWhen(true)] out NameAddress? value)
    {
        value = text is not null && KamailioAddressParser.TryParseTo(text, out ToBody? body)
            && (body.Read >= text.Length || StartsLikeHeader(text.AsSpan(body.Read)))
            ? new NameAddress(body)
            : null;
        return value is not null;
    }

    // A header name as Kamailio's header-name parser takes it (letters, digits and "-._+~"), optional blanks, then ':'.
    private static bool StartsLikeHeader(ReadOnlySpan<char> rest)
    {
        int name = rest.IndexOfAnyExcept(HeaderNameChars);
        if (name <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> after = rest[name..].TrimStart(" \t");
        return after.Length > 0 && after[0] == ':';
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
