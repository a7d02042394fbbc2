// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>What the values of a pseudo-variable can contain. Conservative: a class never promises less than the value can hold.</summary>
internal enum PseudoVariableValueClass
{
    /// <summary>A decimal number, possibly negative (<c>$cs</c>, <c>$sp</c>, <c>$rc</c>): no shell special character.</summary>
    Number,

    /// <summary>An IPv4 or IPv6 address without brackets (<c>$si</c>, <c>$Ri</c>): digits, hex letters, <c>.</c> and <c>:</c>.</summary>
    IpAddress,

    /// <summary>A SIP token (<c>$rm</c>, <c>$ft</c>): may contain <c>'</c>, a backtick, <c>*</c>, <c>!</c>, <c>%</c> and <c>~</c>.</summary>
    Token,

    /// <summary>A URI or a part of one: may contain <c>; &amp; ? = $ ' ( )</c> and more.</summary>
    Uri,

    /// <summary>Free text: any byte but NUL, newlines included (folded headers, message bodies).</summary>
    Text,
}

/// <summary>Whether a pseudo-variable takes an inner name, as in <c>$hdr(Name)</c>.</summary>
internal enum InnerNameUse
{
    /// <summary><c>$name</c> only.</summary>
    None,

    /// <summary><c>$name(inner)</c> only.</summary>
    Required,
}

/// <summary>The static description of one pseudo-variable: what the parser and the analyzers know about it.</summary>
internal sealed class PseudoVariableInfo
{
    internal PseudoVariableInfo(string name, string canonicalName, InnerNameUse innerName, bool indexable, PseudoVariableValueClass valueClass, bool canBeNull, string description, bool shadowsShellName)
    {
        Name = name;
        CanonicalName = canonicalName;
        InnerName = innerName;
        Indexable = indexable;
        ValueClass = valueClass;
        CanBeNull = canBeNull;
        Description = description;
        ShadowsShellName = shadowsShellName;
    }

    /// <summary>The name as written after <c>$</c> (<c>rU</c>, <c>ruri.user</c>, <c>?</c>).</summary>
    public string Name { get; }

    /// <summary>The short name the runtime resolves to (<c>ruri.user</c> gives <c>rU</c>).</summary>
    public string CanonicalName { get; }

    /// <summary>Whether an inner name is required.</summary>
    public InnerNameUse InnerName { get; }

    /// <summary>Whether <c>[n]</c>, <c>[-n]</c> and <c>[*]</c> are allowed.</summary>
    public bool Indexable { get; }

    /// <summary>What the values can contain.</summary>
    public PseudoVariableValueClass ValueClass { get; }

    /// <summary>Whether the value can be missing, in which case it prints as <c>&lt;null&gt;</c>.</summary>
    public bool CanBeNull { get; }

    /// <summary>One line saying what the value is.</summary>
    public string Description { get; }

    /// <summary>True for names a shell user is likely to have meant as a shell variable (<c>$?</c>, <c>$pp</c>, ...).</summary>
    public bool ShadowsShellName { get; }
}

/// <summary>The static description of one transformation (<c>{s.len}</c>, <c>{uri.param,name}</c>).</summary>
internal sealed class TransformationInfo
{
    internal TransformationInfo(string name, int minParameters, int maxParameters, PseudoVariableValueClass? resultClass, string description)
    {
        Name = name;
        MinParameters = minParameters;
        MaxParameters = maxParameters;
        ResultClass = resultClass;
        Description = description;
    }

    /// <summary>Class and name, as in <c>s.substr</c>.</summary>
    public string Name { get; }

    /// <summary>Fewest parameters accepted.</summary>
    public int MinParameters { get; }

    /// <summary>Most parameters accepted.</summary>
    public int MaxParameters { get; }

    /// <summary>The class of the result, or null when it is the class of the input.</summary>
    public PseudoVariableValueClass? ResultClass { get; }

    /// <summary>One line saying what it does.</summary>
    public string Description { get; }
}

/// <summary>Every pseudo-variable and transformation ExecToolkit knows, with Kamailio's names.</summary>
internal static class PseudoVariableCatalog
{
    private static readonly Dictionary<string, PseudoVariableInfo> Variables = BuildVariables();
    private static readonly Dictionary<string, TransformationInfo> TransformationTable = BuildTransformations();

    /// <summary>Every pseudo-variable name, aliases included, in a stable order.</summary>
    public static IEnumerable<PseudoVariableInfo> All
    {
        get
        {
            var names = new List<string>(Variables.Keys);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                yield return Variables[name];
            }
        }
    }

    /// <summary>Every supported transformation.</summary>
    public static IEnumerable<TransformationInfo> Transformations
    {
        get
        {
            var names = new List<string>(TransformationTable.Keys);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                yield return TransformationTable[name];
            }
        }
    }

    /// <summary>Looks a pseudo-variable up by its exact, case-sensitive name.</summary>
    public static bool TryGet(string name, out PseudoVariableInfo info)
    {
        if (Variables.TryGetValue(name, out PseudoVariableInfo? found))
        {
            info = found;
            return true;
        }

        info = null!;
        return false;
    }

    /// <summary>Looks a transformation up by its class and name (<c>s.len</c>).</summary>
    public static bool TryGetTransformation(string name, out TransformationInfo info)
    {
        if (TransformationTable.TryGetValue(name, out TransformationInfo? found))
        {
            info = found;
            return true;
        }

        info = null!;
        return false;
    }

    private static Dictionary<string, PseudoVariableInfo> BuildVariables()
    {
        const PseudoVariableValueClass N = PseudoVariableValueClass.Number;
        const PseudoVariableValueClass Ip = PseudoVariableValueClass.IpAddress;
        const PseudoVariableValueClass T = PseudoVariableValueClass.Token;
        const PseudoVariableValueClass U = PseudoVariableValueClass.Uri;
        const PseudoVariableValueClass X = PseudoVariableValueClass.Text;

        var d = new Dictionary<string, PseudoVariableInfo>(StringComparer.Ordinal);

        void Add(string names, PseudoVariableValueClass valueClass, bool canBeNull, string description, InnerNameUse inner = InnerNameUse.None, bool indexable = false, bool shadowsShell = false)
        {
            string[] all = names.Split('|');
            foreach (string name in all)
            {
                d.Add(name, new PseudoVariableInfo(name, all[0], inner, indexable, valueClass, canBeNull, description, shadowsShell));
            }
        }

        // Request-URI, current and original.
        Add("ru|ruri", U, true, "current Request-URI");
        Add("rU|ruri.user", U, true, "user part of the current Request-URI");
        Add("rd|ruri.domain", U, true, "host of the current Request-URI");
        Add("rp", N, true, "port of the current Request-URI (5060, or 5061 for sips, when absent)");
        Add("rP", T, true, "transport parameter of the current Request-URI (UDP when absent)");
        Add("rz", T, true, "scheme of the current Request-URI");
        Add("ou|ouri", U, true, "original Request-URI");
        Add("oU", U, true, "user part of the original Request-URI");
        Add("od", U, true, "host of the original Request-URI");
        Add("op", N, true, "port of the original Request-URI");
        Add("oP", T, true, "transport parameter of the original Request-URI");

        // From / To.
        Add("fu|from", U, true, "From URI");
        Add("fU|from.user", U, true, "user part of the From URI");
        Add("fd|from.domain", U, true, "host of the From URI");
        Add("fn", X, true, "From display name");
        Add("ft", T, true, "From tag");
        Add("tu|to", U, true, "To URI");
        Add("tU|to.user", U, true, "user part of the To URI");
        Add("td|to.domain", U, true, "host of the To URI");
        Add("tn", X, true, "To display name");
        Add("tt", T, true, "To tag");

        // Other headers.
        Add("ci", X, true, "Call-ID body", shadowsShell: false);
        Add("cs", T, false, "CSeq number as written (Kamailio takes any token)");
        Add("csb", X, true, "whole CSeq body");
        Add("ct", X, true, "body of the first Contact header, raw");
        Add("ua", X, true, "User-Agent body");
        Add("cT", X, true, "Content-Type body");
        Add("cl", X, true, "Content-Length value (trailing whitespace kept)");
        Add("ai", U, true, "P-Asserted-Identity URI", indexable: true);
        Add("pu", U, true, "P-Preferred-Identity URI");
        Add("pU", U, true, "user part of the P-Preferred-Identity URI");
        Add("pd", U, true, "host of the P-Preferred-Identity URI");
        Add("pn", X, true, "P-Preferred-Identity display name");
        Add("di", U, true, "Diversion URI");
        Add("re", U, true, "Remote-Party-ID URI");
        Add("rt", U, true, "Refer-To URI");
        Add("au", X, true, "user part of the credentials' username");
        Add("ad", X, true, "domain part of the credentials' username");
        Add("aU", X, true, "whole username of the credentials");
        Add("ar", X, true, "realm of the credentials");

        // Message.
        Add("rm", T, true, "request method");
        Add("rv", T, true, "SIP version of the first line");
        Add("mb", X, false, "the whole raw message");
        Add("ml", N, false, "message length");
        Add("rb", X, true, "message body");
        Add("bs", N, false, "body size");

        // Routing state.
        Add("du|duri", U, true, "destination URI");
        Add("br", U, true, "URI of the first additional branch");
        Add("bR", X, true, "all additional branches, joined with \", \"");
        Add("ds", X, true, "destination set as a Contact header value");

        // Network.
        Add("si", Ip, false, "source IP address (IPv6 without brackets)");
        Add("siz", T, false, "source IP address (IPv6 with brackets)");
        Add("sp", N, false, "source port");
        Add("Ri", Ip, false, "local IP address the request was received on");
        Add("Rp", N, false, "local port the request was received on");
        Add("pr|proto", T, false, "receive transport, lower case (udp, tcp, tls, ...)");

        // Process and script state.
        Add("pp", N, false, "process id of the server (not of the command)", shadowsShell: true);
        Add("rc|retcode", N, false, "return code of the last function", shadowsShell: true);
        Add("?", N, false, "return code of the last function", shadowsShell: true);
        Add("null", T, true, "always missing: prints <null>");
        Add("env", X, true, "the server's own environment variable (not the command's)", InnerNameUse.Required);
        Add("hdr", X, true, "body of a header (first occurrence, or by index)", InnerNameUse.Required, indexable: true);
        Add("hdrc", N, false, "number of headers with that name", InnerNameUse.Required);
        Add("avp", X, true, "AVP value (newest, or by index)", InnerNameUse.Required, indexable: true);
        Add("var", X, false, "script variable (0 when never set)", InnerNameUse.Required);
        return d;
    }

    private static Dictionary<string, TransformationInfo> BuildTransformations()
    {
        var d = new Dictionary<string, TransformationInfo>(StringComparer.Ordinal);

        void Add(string name, int min, int max, PseudoVariableValueClass? result, string description)
            => d.Add(name, new TransformationInfo(name, min, max, result, description));

        Add("s.len", 0, 0, PseudoVariableValueClass.Number, "length in bytes");
        Add("s.tolower", 0, 0, null, "ASCII lower case");
        Add("s.toupper", 0, 0, null, "ASCII upper case");
        Add("s.substr", 2, 2, null, "substring: offset (negative counts from the end), length (0: to the end)");
        Add("s.select", 2, 2, null, "field by index (negative counts from the end) after splitting on a separator character");
        Add("s.encode.hexa", 0, 0, PseudoVariableValueClass.Token, "lower-case hexadecimal of the bytes");
        Add("uri.user", 0, 0, PseudoVariableValueClass.Uri, "user part of a URI");
        Add("uri.host", 0, 0, PseudoVariableValueClass.Uri, "host part of a URI");
        Add("uri.port", 0, 0, PseudoVariableValueClass.Number, "port of a URI as written");
        Add("uri.param", 1, 1, PseudoVariableValueClass.Uri, "value of a URI parameter");
        Add("nameaddr.uri", 0, 0, PseudoVariableValueClass.Uri, "URI of a name-addr");
        Add("nameaddr.name", 0, 0, PseudoVariableValueClass.Text, "display name of a name-addr");
        Add("param.value", 1, 2, PseudoVariableValueClass.Text, "value of a parameter in a 'a=1;b=2' list (optional separator)");
        Add("tobody.uri", 0, 0, PseudoVariableValueClass.Uri, "URI of a To/From body");
        Add("tobody.tag", 0, 0, PseudoVariableValueClass.Token, "tag of a To/From body");
        Add("tobody.user", 0, 0, PseudoVariableValueClass.Uri, "user of the URI of a To/From body");
        return d;
    }
}
