using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ExecToolkit.Sip;

/// <summary>The transport a URI's <c>transport</c> parameter names, as Kamailio recognises it (<c>uri-&gt;proto</c>).</summary>
public enum SipUriProtocol
{
    /// <summary>No <c>transport</c> parameter, or a value Kamailio does not know.</summary>
    None,

    /// <summary><c>transport=udp</c>.</summary>
    Udp,

    /// <summary><c>transport=tcp</c>.</summary>
    Tcp,

    /// <summary><c>transport=tls</c>.</summary>
    Tls,

    /// <summary><c>transport=sctp</c>.</summary>
    Sctp,

    /// <summary><c>transport=ws</c>.</summary>
    Ws,
}

/// <summary>
/// A <c>sip:</c>, <c>sips:</c>, <c>tel:</c> or <c>urn:</c> URI read with the rules of Kamailio 5.6's <c>parse_uri</c>.
/// Parts are kept raw (no %-unescaping).
/// </summary>
/// <remarks>
/// <para>The rules, in short (see <c>docs</c> and the tests in <c>SipUriRuleTests</c>):</para>
/// <list type="bullet">
/// <item>The scheme is the first four characters compared case-insensitively with <c>sip:</c>, <c>tel:</c>,
/// <c>urn:</c> or <c>sips</c> followed by a literal <c>:</c>; the URI needs at least five characters.</item>
/// <item>The user part is everything up to the <em>last</em> possible <c>@</c>: a <c>;</c>, <c>?</c> or <c>:</c> met
/// before any <c>@</c> may turn out to be part of the user (<c>sip:a;b?c@h</c> has the user <c>a;b?c</c>). The first
/// <c>:</c> of the user part starts the password, which must be digits or, from its first non-digit on, anything but
/// <c>[ ] :</c>; digits that exceed 65535 fail as a port would.</item>
/// <item>Without an <c>@</c> the text before the first <c>;</c>, <c>?</c> or <c>:</c> is the host and is not checked
/// beyond <c>[</c> and <c>]</c>; after an <c>@</c> the host must start with a letter, a digit or <c>[</c> and hold only
/// letters, digits, <c>.</c> and <c>-</c>, or be <c>[...]</c> (any text without <c>[ &amp; @ ; ?</c>).</item>
/// <item>The port is digits (possibly none) up to 65535 and at most five characters.</item>
/// <item>Parameters run from the first <c>;</c> after the host to <c>?</c>; headers follow <c>?</c> and may not hold
/// <c>;</c> or <c>@</c>. The parameters <c>transport</c>, <c>ttl</c>, <c>user</c>, <c>method</c>, <c>maddr</c>,
/// <c>lr</c>, <c>r2</c> and <c>gr</c> are recognised (names case-insensitive, the last one wins, an empty value is
/// ignored).</item>
/// <item>A <c>sip:</c>/<c>sips:</c> URI with <c>user=phone</c> (exactly that value) becomes a <c>tel</c> URI: the user
/// ends at its first <c>;</c> and the rest of it becomes the parameters.</item>
/// <item>For <c>tel:</c> the number is what a <c>sip:</c> URI would call its host; the host is empty.</item>
/// </list>
/// </remarks>
public sealed class SipUri
{
    private static readonly string[] ParameterNames = ["transport", "ttl", "user", "method", "maddr", "lr", "r2", "gr"];

    private SipUri(string text, in Reader r)
    {
        Text = text;
        Scheme = r.Scheme;
        Type = r.Type;
        User = r.User.Of(text);
        Password = r.Password.Of(text);
        Host = r.Host.Of(text) ?? "";
        Port = r.Port.Of(text);
        PortNumber = r.Port.IsSet ? r.PortNumber : null;
        ParametersText = r.Params.Of(text);
        SipParametersText = r.SipParams.Of(text);
        HeadersText = r.Headers.Of(text);
        Protocol = r.Protocol;
        Transport = r.Values[(int)Known.Transport].Of(text);
        TtlValue = r.Values[(int)Known.Ttl].Of(text);
        UserParameterValue = r.Values[(int)Known.User].Of(text);
        MethodValue = r.Values[(int)Known.Method].Of(text);
        MaddrValue = r.Values[(int)Known.Maddr].Of(text);
        LrValue = r.Values[(int)Known.Lr].Of(text);
        R2Value = r.Values[(int)Known.R2].Of(text);
        GrValue = r.Values[(int)Known.Gr].Of(text);
        HasLr = r.Names[(int)Known.Lr].IsSet;
        HasR2 = r.Names[(int)Known.R2].IsSet;
        HasGr = r.Names[(int)Known.Gr].IsSet;
        string? envelope = r.Scheme is "sip" or "sips" ? SipParametersText : ParametersText;
        Parameters = envelope is null ? [] : SipParameters.Parse(envelope.AsSpan());
        Headers = HeadersText is null ? [] : SipParameters.Parse(HeadersText, '&');
    }

    private enum Known
    {
        Transport,
        Ttl,
        User,
        Method,
        Maddr,
        Lr,
        R2,
        Gr,
    }

    private enum State
    {
        Start,
        UserOrHost,
        PasswordOrPort,
        Password,
        HostStart,
        HostName,
        Ipv6,
        Ipv6Closed,
        Port,
        ParamName,
        ParamSkip,
        ParamEquals,
        ParamValue,
        Headers,
    }

    /// <summary>The URI as given.</summary>
    public string Text { get; }

    /// <summary>The scheme as written, lower case: <c>sip</c>, <c>sips</c>, <c>tel</c> or <c>urn</c>.</summary>
    public string Scheme { get; }

    /// <summary>
    /// The URI type as Kamailio names it (<c>$rz</c>): the scheme, except that a <c>sip:</c> or <c>sips:</c> URI with
    /// <c>user=phone</c> is <c>tel</c>.
    /// </summary>
    public string Type { get; }

    /// <summary>True for a <c>sip:</c>/<c>sips:</c> URI with <c>user=phone</c>, which Kamailio reads as a telephone number.</summary>
    public bool IsUserPhone => Type == "tel" && Scheme != "tel";

    /// <summary>
    /// The user part (the number for <c>tel:</c>; cut at its first <c>;</c> with <c>user=phone</c>), or null when there
    /// is none (<c>sip:host</c>). Empty only for a <c>user=phone</c> user that starts with <c>;</c>.
    /// </summary>
    public string? User { get; }

    /// <summary>The password after <c>user:</c>, or null.</summary>
    public string? Password { get; }

    /// <summary>The host; IPv6 references keep their brackets; empty for <c>tel:</c>.</summary>
    public string Host { get; }

    /// <summary>The port as written (empty for <c>host:</c>), or null when there is no <c>:</c>.</summary>
    public string? Port { get; }

    /// <summary>The port as a number (0 for an empty port), or null when there is none.</summary>
    public int? PortNumber { get; }

    /// <summary>
    /// The parameters as Kamailio's <c>uri-&gt;params</c>: the text after the first <c>;</c> after the host up to
    /// <c>?</c>; with <c>user=phone</c> the parameters of the number in the user part (null when it has none).
    /// </summary>
    public string? ParametersText { get; }

    /// <summary>
    /// The parameters of a <c>sip:</c>/<c>sips:</c> URI as written (Kamailio's <c>uri-&gt;sip_params</c>, which
    /// <c>{uri.params}</c> and <c>{uri.param}</c> read); null for <c>tel:</c> and <c>urn:</c> and when there are none.
    /// </summary>
    public string? SipParametersText { get; }

    /// <summary>
    /// The URI parameters after the host in order (<c>;transport=tcp;lr</c>; for <c>tel:</c> those after the number);
    /// a flag has a null value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>The headers after <c>?</c> as written, or null.</summary>
    public string? HeadersText { get; }

    /// <summary>URI headers in order (<c>?subject=x&amp;priority=urgent</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; }

    /// <summary>The value of the last non-empty <c>transport</c> parameter as written (Kamailio's <c>transport_val</c>), or null.</summary>
    public string? Transport { get; }

    /// <summary>The transport Kamailio recognised in a <c>transport</c> value (exactly udp, tcp, tls, sctp or ws, any case).</summary>
    public SipUriProtocol Protocol { get; }

    /// <summary>The value of <c>ttl</c>, or null.</summary>
    public string? TtlValue { get; }

    /// <summary>The value of <c>user</c> (<c>phone</c>, <c>ip</c>), or null.</summary>
    public string? UserParameterValue { get; }

    /// <summary>The value of <c>method</c>, or null.</summary>
    public string? MethodValue { get; }

    /// <summary>The value of <c>maddr</c>, or null.</summary>
    public string? MaddrValue { get; }

    /// <summary>The value of <c>lr=value</c>, or null.</summary>
    public string? LrValue { get; }

    /// <summary>The value of <c>r2=value</c>, or null.</summary>
    public string? R2Value { get; }

    /// <summary>The value of <c>gr=value</c>, or null.</summary>
    public string? GrValue { get; }

    /// <summary>True when the URI has an <c>lr</c> parameter Kamailio recognised.</summary>
    public bool HasLr { get; }

    /// <summary>True when the URI has an <c>r2</c> parameter Kamailio recognised.</summary>
    public bool HasR2 { get; }

    /// <summary>True when the URI has a <c>gr</c> parameter Kamailio recognised.</summary>
    public bool HasGr { get; }

    /// <summary>A parameter's value (case-insensitive name, first one): "" for a flag, null when absent.</summary>
    public string? GetParameter(string name) => SipParameters.Get(Parameters, name);

    /// <summary>Parses a URI; false when Kamailio's parser would fail. Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = text is null ? null : ParseCore(text, out _);
        return uri is not null;
    }

    /// <summary>Parses a URI or throws <see cref="FormatException"/> saying why.</summary>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseCore(text, out string? problem) ?? throw new FormatException("invalid URI '" + text + "': " + problem);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static SipUri? ParseCore(string text, out string? problem)
    {
        var reader = new Reader(text);
        problem = reader.Run();
        if (problem is not null)
        {
            return null;
        }

        var uri = new SipUri(text, in reader);
        if (HasEmptyMaddr(uri.SipParametersText))
        {
            // Kamailio 5.6.3 refuses the URI (recorded: R-URI and From with ";maddr" and ";maddr=").
            problem = "maddr parameter without a value";
            return null;
        }

        return uri;
    }

    private static bool HasEmptyMaddr(string? parameters)
    {
        ReadOnlySpan<char> rest = parameters;
        while (!rest.IsEmpty)
        {
            int semi = rest.IndexOf(';');
            ReadOnlySpan<char> parameter = semi < 0 ? rest : rest[..semi];
            rest = semi < 0 ? default : rest[(semi + 1)..];
            int eq = parameter.IndexOf('=');
            ReadOnlySpan<char> name = (eq < 0 ? parameter : parameter[..eq]).Trim(" \t");
            if (name.Equals("maddr", StringComparison.OrdinalIgnoreCase) && (eq < 0 || parameter[(eq + 1)..].Trim(" \t").IsEmpty))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A piece of the URI text by position; <see cref="Start"/> -1 is "absent" (Kamailio's null pointer).</summary>
    private readonly record struct Slice(int Start, int Length)
    {
        public static readonly Slice None = new(-1, 0);

        public bool IsSet => Start >= 0;

        public int End => Start + Length;

        public static Slice Between(int start, int end) => new(start, end - start);

        public string? Of(string text) => IsSet ? text.Substring(Start, Length) : null;
    }

    /// <summary>A position for each recognised parameter (<see cref="Known"/>), inline in the reader.</summary>
    [System.Runtime.CompilerServices.InlineArray(8)]
    private struct KnownSlices
    {
        private Slice element;
    }

    /// <summary>
    /// One pass over the URI, character by character, keeping positions. A struct on the parser's stack: a URI is parsed
    /// for the Request-URI, From and To of every request, and the positions need no object of their own.
    /// </summary>
    private struct Reader(string text)
    {
        private readonly string text = text;
        private int segment;           // where the part being read began
        private int nameStart;         // where the current parameter began
        private int valueStart;        // where the current recognised parameter's value began
        private Known current;         // the recognised parameter being read
        private bool userFound;        // an '@' closed the user part, or it is known there is none
        private int passwordColon = -1; // a ':' that may separate user and password while no '@' was seen
        private bool headersNeedUser;  // a ';' in the headers, fine only if an '@' follows
        private int portValue;

        public string Scheme { get; private set; } = "";

        public string Type { get; private set; } = "";

        public Slice User { get; private set; } = Slice.None;

        public Slice Password { get; private set; } = Slice.None;

        public Slice Host { get; private set; } = Slice.None;

        public Slice Port { get; private set; } = Slice.None;

        public int PortNumber { get; private set; }

        public Slice Params { get; private set; } = Slice.None;

        public Slice SipParams { get; private set; } = Slice.None;

        public Slice Headers { get; private set; } = Slice.None;

        public SipUriProtocol Protocol { get; private set; }

        public KnownSlices Names = NoSlices();

        public KnownSlices Values = NoSlices();

        private static KnownSlices NoSlices()
        {
            var slices = default(KnownSlices);
            ((Span<Slice>)slices).Fill(Slice.None);
            return slices;
        }

        /// <summary>Reads the whole URI; null when it parses, else why not.</summary>
        public string? Run()
        {
            if (text.Length < 5)
            {
                return "too short";
            }

            int p;
            if (SchemeIs("sip:"))
            {
                (Scheme, p) = ("sip", 4);
            }
            else if (SchemeIs("sips") && text[4] == ':')
            {
                (Scheme, p) = ("sips", 5);
            }
            else if (SchemeIs("tel:"))
            {
                (Scheme, p) = ("tel", 4);
            }
            else if (SchemeIs("urn:"))
            {
                (Scheme, p) = ("urn", 4);
            }
            else
            {
                return "unsupported scheme";
            }

            Type = Scheme;
            segment = p;
            State state = State.Start;
            for (; p < text.Length; p++)
            {
                string? problem = Step(ref state, p, text[p]);
                if (problem is not null)
                {
                    return problem + " at offset " + p;
                }
            }

            return Finish(state, p) ?? Complete();
        }

        // Kamailio compares the first four bytes with every letter's 0x20 bit set, so "SIP:" matches (and so would a
        // 0x1A byte in place of ':').
        private bool SchemeIs(string scheme)
        {
            for (int i = 0; i < 4; i++)
            {
                if ((text[i] | 0x20) != scheme[i])
                {
                    return false;
                }
            }

            return true;
        }

        private string? Step(ref State state, int p, char c)
        {
            switch (state)
            {
                case State.Start:
                    switch (c)
                    {
                        case '[':
                            state = State.Ipv6;
                            segment = p;
                            return null;
                        case ']':
                        case ':':
                            return "bad character '" + c + "'";
                        default:
                            // Even '@', ';' or '?' here are the first character of the user (or host).
                            state = State.UserOrHost;
                            return null;
                    }

                case State.UserOrHost:
                    switch (c)
                    {
                        case '@':
                            if (p == segment)
                            {
                                return "empty user part";
                            }

                            User = Slice.Between(segment, p);
                            userFound = true;
                            return EnterHost(ref state, p);
                        case ':':
                            User = Slice.Between(segment, p);
                            state = State.PasswordOrPort;
                            segment = p + 1;
                            return null;
                        case ';':
                            Host = Slice.Between(segment, p);
                            return EnterParameters(ref state, p);
                        case '?':
                            Host = Slice.Between(segment, p);
                            return EnterHeaders(ref state, p);
                        case '[':
                        case ']':
                            return "bad character '" + c + "' in the user part";
                        default:
                            return null;
                    }

                case State.PasswordOrPort:
                    switch (c)
                    {
                        case '@':
                            Password = Slice.Between(segment, p);
                            portValue = 0;
                            userFound = true;
                            return EnterHost(ref state, p);
                        case ';':
                        case '?':
                            // It was "host:port": what looked like the user is the host.
                            Port = Slice.Between(segment, p);
                            PortNumber = portValue;
                            Host = User;
                            User = Slice.None;
                            userFound = true;
                            return c == ';' ? EnterParameters(ref state, p) : EnterHeaders(ref state, p);
                        case '[':
                        case ']':
                        case ':':
                            return "bad character '" + c + "'";
                        default:
                            if (c is >= '0' and <= '9')
                            {
                                return AddPortDigit(c);
                            }

                            portValue = 0;
                            state = State.Password;
                            return null;
                    }

                case State.Password:
                    switch (c)
                    {
                        case '@':
                            Password = Slice.Between(segment, p);
                            userFound = true;
                            return EnterHost(ref state, p);
                        case ';':
                        case '?':
                            return "bad port (not a number)";
                        case '[':
                        case ']':
                        case ':':
                            return "bad character '" + c + "'";
                        default:
                            return null;
                    }

                case State.HostStart:
                    if (c == '[')
                    {
                        state = State.Ipv6;
                        return null;
                    }

                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        state = State.HostName;
                        return null;
                    }

                    return "bad host character '" + c + "'";

                case State.HostName:
                    if (EndOfHost(ref state, p, c, out string? hostProblem))
                    {
                        return hostProblem;
                    }

                    return char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' ? null : "bad host character '" + c + "'";

                case State.Ipv6Closed:
                    if (EndOfHost(ref state, p, c, out string? v6Problem))
                    {
                        return v6Problem;
                    }

                    return "character after ']'";

                case State.Ipv6:
                    switch (c)
                    {
                        case ']':
                            state = State.Ipv6Closed;
                            return null;
                        case '[':
                        case '&':
                        case '@':
                        case ';':
                        case '?':
                            return "bad character '" + c + "' in an IPv6 reference";
                        default:
                            return null;
                    }

                case State.Port:
                    switch (c)
                    {
                        case ';':
                        case '?':
                            Port = Slice.Between(segment, p);
                            PortNumber = portValue;
                            return c == ';' ? EnterParameters(ref state, p) : EnterHeaders(ref state, p);
                        default:
                            return c is >= '0' and <= '9' ? AddPortDigit(c) : "bad port character '" + c + "'";
                    }

                case State.ParamName:
                    return ParamNameStep(ref state, p, c);

                case State.ParamSkip:
                    Separator(ref state, p, c, State.ParamSkip, out string? skipProblem);
                    return skipProblem;

                case State.ParamEquals:
                    if (Separator(ref state, p, c, State.ParamSkip, out string? eqProblem))
                    {
                        return eqProblem;
                    }

                    valueStart = p;
                    state = State.ParamValue;
                    return null;

                case State.ParamValue:
                    if (c is ';' or '?')
                    {
                        SetValue(p);
                    }

                    Separator(ref state, p, c, State.ParamValue, out string? valueProblem);
                    return valueProblem;

                case State.Headers:
                    return HeadersStep(ref state, p, c);

                default:
                    return "internal error";
            }
        }

        private string? ParamNameStep(ref State state, int p, char c)
        {
            if (c is ';' or '?')
            {
                SetFlag(p);
            }

            if (Separator(ref state, p, c, State.ParamSkip, out string? problem))
            {
                return problem;
            }

            ReadOnlySpan<char> name = text.AsSpan(nameStart, p - nameStart);
            if (c == '=')
            {
                state = State.ParamSkip;
                for (int k = 0; k < ParameterNames.Length; k++)
                {
                    if (SameName(name, ParameterNames[k]))
                    {
                        current = (Known)k;
                        state = State.ParamEquals;
                    }
                }

                return null;
            }

            // Still a prefix of a parameter Kamailio knows? Otherwise the parameter is ignored.
            foreach (string n in ParameterNames)
            {
                if (n.Length > name.Length && AsciiLower(c) == n[name.Length] && SameName(name, n.AsSpan(0, name.Length)))
                {
                    return null;
                }
            }

            state = State.ParamSkip;
            return null;
        }

        /// <summary>
        /// The characters every parameter state treats alike: '@' (the user part was longer), ';' (next parameter),
        /// '?' (headers) and ':' (maybe a password). True when <paramref name="c"/> was one of them.
        /// </summary>
        private bool Separator(ref State state, int p, char c, State afterColon, out string? problem)
        {
            problem = null;
            switch (c)
            {
                case '@':
                    problem = UserWasLonger(ref state, p);
                    return true;
                case ';':
                    ForgetPasswordColon();
                    state = State.ParamName;
                    nameStart = p + 1;
                    return true;
                case '?':
                    Params = Slice.Between(segment, p);
                    ForgetPasswordColon();
                    state = State.Headers;
                    segment = p + 1;
                    return true;
                case ':':
                    if (!userFound)
                    {
                        if (passwordColon >= 0)
                        {
                            ForgetPasswordColon();
                        }
                        else
                        {
                            passwordColon = p;
                        }
                    }

                    state = afterColon;
                    return true;
                default:
                    return false;
            }
        }

        private string? HeadersStep(ref State state, int p, char c)
        {
            switch (c)
            {
                case '@':
                    return UserWasLonger(ref state, p);
                case ';':
                    if (userFound)
                    {
                        return "';' in the headers";
                    }

                    headersNeedUser = true;
                    return passwordColon >= 0 ? "';' in the headers" : null;
                case ':':
                    if (!userFound)
                    {
                        if (passwordColon >= 0)
                        {
                            ForgetPasswordColon();
                        }
                        else
                        {
                            passwordColon = p;
                        }
                    }

                    return null;
                case '?':
                    ForgetPasswordColon();
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>A separator that rules out "user:password" while no '@' was seen: there is no user part.</summary>
        private void ForgetPasswordColon()
        {
            if (passwordColon >= 0)
            {
                userFound = true;
                passwordColon = -1;
            }
        }

        /// <summary>
        /// An '@' after what was read as host, port, parameters or headers: all of it was the user part (and password).
        /// Everything read so far is dropped; the host starts after the '@'.
        /// </summary>
        private string? UserWasLonger(ref State state, int p)
        {
            if (userFound || !Host.IsSet)
            {
                return "bad character '@'";
            }

            int userStart = Host.Start;
            if (passwordColon >= 0)
            {
                User = Slice.Between(userStart, passwordColon);
                Password = Slice.Between(passwordColon + 1, p);
            }
            else
            {
                User = Slice.Between(userStart, p);
                Password = Slice.None;
            }

            Host = Slice.None;
            Port = Slice.None;
            PortNumber = 0;
            Params = Slice.None;
            Headers = Slice.None;
            Protocol = SipUriProtocol.None;
            ((Span<Slice>)Names).Fill(Slice.None);
            ((Span<Slice>)Values).Fill(Slice.None);
            userFound = true;
            headersNeedUser = false;
            segment = p + 1;
            state = State.HostStart;
            return null;
        }

        private string? EnterHost(ref State state, int p)
        {
            state = State.HostStart;
            segment = p + 1;
            return null;
        }

        private string? EnterParameters(ref State state, int p)
        {
            state = State.ParamName;
            segment = p + 1;
            nameStart = p + 1;
            return null;
        }

        private string? EnterHeaders(ref State state, int p)
        {
            state = State.Headers;
            segment = p + 1;
            return null;
        }

        private bool EndOfHost(ref State state, int p, char c, out string? problem)
        {
            problem = null;
            switch (c)
            {
                case ':':
                    Host = Slice.Between(segment, p);
                    state = State.Port;
                    segment = p + 1;
                    return true;
                case ';':
                    Host = Slice.Between(segment, p);
                    problem = EnterParameters(ref state, p);
                    return true;
                case '?':
                    Host = Slice.Between(segment, p);
                    problem = EnterHeaders(ref state, p);
                    return true;
                case '&':
                case '@':
                    problem = "bad character '" + c + "' after the host";
                    return true;
                default:
                    return false;
            }
        }

        private string? AddPortDigit(char c)
        {
            portValue = (portValue * 10) + (c - '0');
            return portValue > 65535 ? "port above 65535" : null;
        }

        private void SetFlag(int p)
        {
            ReadOnlySpan<char> name = text.AsSpan(nameStart, p - nameStart);
            for (Known k = Known.Lr; k <= Known.Gr; k++)
            {
                if (SameName(name, ParameterNames[(int)k]))
                {
                    Names[(int)k] = Slice.Between(nameStart, p);
                }
            }
        }

        private void SetValue(int p)
        {
            Names[(int)current] = Slice.Between(nameStart, p);
            Values[(int)current] = Slice.Between(valueStart, p);
            if (current == Known.Transport)
            {
                SipUriProtocol protocol = TransportOf(text.AsSpan(valueStart, p - valueStart));
                if (protocol != SipUriProtocol.None)
                {
                    Protocol = protocol;
                }
            }
        }

        private static char AsciiLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

        /// <summary>Kamailio's name matching: ASCII letters in either case, nothing else folded.</summary>
        private static bool SameName(ReadOnlySpan<char> text, ReadOnlySpan<char> lowerName)
        {
            if (text.Length != lowerName.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (AsciiLower(text[i]) != lowerName[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static SipUriProtocol TransportOf(ReadOnlySpan<char> value)
        {
            if (SameName(value, "udp"))
            {
                return SipUriProtocol.Udp;
            }

            if (SameName(value, "tcp"))
            {
                return SipUriProtocol.Tcp;
            }

            if (SameName(value, "tls"))
            {
                return SipUriProtocol.Tls;
            }

            if (SameName(value, "sctp"))
            {
                return SipUriProtocol.Sctp;
            }

            return SameName(value, "ws") ? SipUriProtocol.Ws : SipUriProtocol.None;
        }

        /// <summary>What the state at the end of the text means.</summary>
        private string? Finish(State state, int end)
        {
            switch (state)
            {
                case State.Start:
                    return "too short";
                case State.UserOrHost:
                    if (userFound)
                    {
                        return "bad URI";
                    }

                    Host = Slice.Between(segment, end);
                    return null;
                case State.PasswordOrPort:
                    Port = Slice.Between(segment, end);
                    PortNumber = portValue;
                    Host = User;
                    User = Slice.None;
                    return null;
                case State.Password:
                    if (Scheme != "urn")
                    {
                        return "bad port (not a number)";
                    }

                    Host = Slice.Between(segment, end);
                    return null;
                case State.HostName:
                case State.Ipv6Closed:
                    Host = Slice.Between(segment, end);
                    return null;
                case State.HostStart:
                    return "empty host";
                case State.Ipv6:
                    return "unterminated IPv6 reference";
                case State.Port:
                    Port = Slice.Between(segment, end);
                    PortNumber = portValue;
                    return null;
                case State.ParamName:
                    Params = Slice.Between(segment, end);
                    SetFlag(end);
                    return null;
                case State.ParamSkip:
                    Params = Slice.Between(segment, end);
                    return null;
                case State.ParamEquals:
                    // "lr=" at the very end still counts as lr; an empty value of anything else is ignored.
                    Params = Slice.Between(segment, end);
                    if (current >= Known.Lr)
                    {
                        Names[(int)current] = Slice.Between(nameStart, end);
                    }

                    return null;
                case State.ParamValue:
                    Params = Slice.Between(segment, end);
                    SetValue(end);
                    return null;
                case State.Headers:
                    Headers = Slice.Between(segment, end);
                    return headersNeedUser ? "';' in the headers" : null;
                default:
                    return "internal error";
            }
        }

        /// <summary>The scheme-specific fix-ups and the final checks.</summary>
        private string? Complete()
        {
            if (Scheme is "sip" or "sips")
            {
                SipParams = Params;
                Slice userParam = Values[(int)Known.User];
                if (userParam.IsSet && text.AsSpan(userParam.Start, userParam.Length).SequenceEqual("phone"))
                {
                    Type = "tel";
                    int semi = User.IsSet ? text.IndexOf(';', User.Start, User.Length) : -1;
                    if (semi >= 0)
                    {
                        Params = Slice.Between(semi + 1, User.End);
                        User = Slice.Between(User.Start, semi);
                    }
                    else
                    {
                        Params = Slice.None;
                    }
                }
            }
            else if (Scheme == "tel")
            {
                User = Host;
                Host = new Slice(0, 0);
            }

            if (Port.Length > 5)
            {
                return "port longer than five characters";
            }

            if (Host.Length > 0 && User.Length <= 0 && (text[Host.Start] == '@' || (Host.Start > 0 && text[Host.Start - 1] == '@')))
            {
                return "'@' without a user part";
            }

            return null;
        }
    }
}
