using System;
using System.Collections.Generic;
using System.Linq;

namespace ExecToolkit.Sip;

/// <summary>Header-name knowledge: types by full or compact name (case-insensitive) and the valid name characters.</summary>
public static class HeaderNames
{
    // The full name of each type, indexed by the type's value (filled by Build).
    private static readonly string?[] CanonicalByType = new string?[(int)Enum.GetValues<HeaderType>().Max() + 1];
    private static readonly Dictionary<string, HeaderType> ByName = Build(CanonicalByType);
    private static readonly Dictionary<string, HeaderType>.AlternateLookup<ReadOnlySpan<char>> BySpan = ByName.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly int LongestName = ByName.Keys.Max(k => k.Length);

    // The known names in lower case, by length: what the parser looks a received name up in (every request, every
    // header), a few byte comparisons instead of a case-insensitive hash of the name as text.
    private static readonly (byte[] Name, HeaderType Type)[][] LowerByLength = BuildLowerByLength();

    /// <summary>
    /// The type of a header name: full and compact forms, case-insensitively (<c>f</c>, <c>FROM</c>, <c>From</c>). As in
    /// Kamailio's <c>$hdr(name)</c>, what follows a <c>:</c> is ignored for a known name (<c>Via:x</c> is Via); any other
    /// name with a <c>:</c> is <see cref="HeaderType.Other"/> and matches no header, since no header name holds one.
    /// </summary>
    public static HeaderType Classify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return BySpan.TryGetValue(colon < 0 ? name : name.AsSpan(0, colon), out HeaderType type) ? type : HeaderType.Other;
    }

    /// <summary>Classifies a header name as received (bytes), without a string for it.</summary>
    internal static HeaderType ClassifyRaw(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > LongestName)
        {
            return HeaderType.Other;
        }

        // Known names hold only letters and '-': setting bit 5 lowers a letter, and no other byte becomes a letter or a
        // '-' that way (0x40-0x5F become 0x60-0x7F, which holds no '-', and lower-case letters only from upper-case).
        Span<byte> lower = stackalloc byte[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            lower[i] = (byte)(name[i] | 0x20);
        }

        foreach ((byte[] known, HeaderType type) in LowerByLength[name.Length])
        {
            if (lower.SequenceEqual(known))
            {
                return type;
            }
        }

        return HeaderType.Other;
    }

    /// <summary>The full name of a known type (<c>Call-ID</c>), or null for <see cref="HeaderType.Other"/>.</summary>
    public static string? CanonicalName(HeaderType type) => (uint)type < (uint)CanonicalByType.Length ? CanonicalByType[(int)type] : null;

    private static (byte[] Name, HeaderType Type)[][] BuildLowerByLength()
    {
        var byLength = new (byte[] Name, HeaderType Type)[LongestName + 1][];
        for (int length = 0; length <= LongestName; length++)
        {
            byLength[length] = ByName
                .Where(entry => entry.Key.Length == length)
                .Select(entry => (System.Text.Encoding.ASCII.GetBytes(entry.Key.ToLowerInvariant()), entry.Value))
                .ToArray();
        }

        return byLength;
    }

    /// <summary>Kamailio 5.6 accepts only <c>[A-Za-z0-9-._+~]</c> in header names.</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (byte b in name)
        {
            if (!IsNameByte(b))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsNameByte(byte b)
        => (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '+' || b == '~';

    private static Dictionary<string, HeaderType> Build(string?[] canonical)
    {
        var d = new Dictionary<string, HeaderType>(StringComparer.OrdinalIgnoreCase);
        void Add(HeaderType type, string name, char? compact = null)
        {
            d.Add(name, type);
            canonical[(int)type] = name;
            if (compact is char c)
            {
                d.Add(c.ToString(), type);
            }
        }

        Add(HeaderType.Via, "Via", 'v');
        Add(HeaderType.To, "To", 't');
        Add(HeaderType.From, "From", 'f');
        Add(HeaderType.CSeq, "CSeq");
        Add(HeaderType.CallId, "Call-ID", 'i');
        Add(HeaderType.Contact, "Contact", 'm');
        Add(HeaderType.MaxForwards, "Max-Forwards");
        Add(HeaderType.Route, "Route");
        Add(HeaderType.RecordRoute, "Record-Route");
        Add(HeaderType.ContentType, "Content-Type", 'c');
        Add(HeaderType.ContentLength, "Content-Length", 'l');
        Add(HeaderType.Authorization, "Authorization");
        Add(HeaderType.Expires, "Expires");
        Add(HeaderType.ProxyAuthorization, "Proxy-Authorization");
        Add(HeaderType.Supported, "Supported", 'k');
        Add(HeaderType.Require, "Require");
        Add(HeaderType.ProxyRequire, "Proxy-Require");
        Add(HeaderType.Unsupported, "Unsupported");
        Add(HeaderType.Allow, "Allow");
        Add(HeaderType.Event, "Event", 'o');
        Add(HeaderType.Accept, "Accept");
        Add(HeaderType.AcceptLanguage, "Accept-Language");
        Add(HeaderType.Organization, "Organization");
        Add(HeaderType.Priority, "Priority");
        Add(HeaderType.Subject, "Subject", 's');
        Add(HeaderType.UserAgent, "User-Agent");
        Add(HeaderType.Server, "Server");
        Add(HeaderType.ContentDisposition, "Content-Disposition");
        Add(HeaderType.Diversion, "Diversion");
        Add(HeaderType.RemotePartyId, "Remote-Party-ID");
        Add(HeaderType.ReferTo, "Refer-To", 'r');
        Add(HeaderType.SessionExpires, "Session-Expires", 'x');
        Add(HeaderType.MinSE, "Min-SE");
        Add(HeaderType.SipIfMatch, "SIP-If-Match");
        Add(HeaderType.SubscriptionState, "Subscription-State");
        Add(HeaderType.Date, "Date");
        Add(HeaderType.Identity, "Identity", 'y');
        Add(HeaderType.IdentityInfo, "Identity-Info");
        Add(HeaderType.Privacy, "Privacy");
        Add(HeaderType.RetryAfter, "Retry-After");
        Add(HeaderType.Path, "Path");
        Add(HeaderType.AcceptContact, "Accept-Contact", 'a');
        Add(HeaderType.AllowEvents, "Allow-Events", 'u');
        Add(HeaderType.ContentEncoding, "Content-Encoding", 'e');
        Add(HeaderType.ReferredBy, "Referred-By", 'b');
        Add(HeaderType.RejectContact, "Reject-Contact", 'j');
        Add(HeaderType.RequestDisposition, "Request-Disposition", 'd');
        Add(HeaderType.PAssertedIdentity, "P-Asserted-Identity");
        Add(HeaderType.PPreferredIdentity, "P-Preferred-Identity");
        Add(HeaderType.WwwAuthenticate, "WWW-Authenticate");
        Add(HeaderType.ProxyAuthenticate, "Proxy-Authenticate");
        Add(HeaderType.Reason, "Reason");
        Add(HeaderType.MinExpires, "Min-Expires");
        return d;
    }
}
