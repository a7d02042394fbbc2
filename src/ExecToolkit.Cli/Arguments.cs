using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace ExecToolkit.Cli;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        var positional = new List<string>();
        using IEnumerator<string> e = args.GetEnumerator();
        bool onlyPositional = false;
        while (e.MoveNext())
        {
            string a = e.Current;
            if (!onlyPositional && a == "--")
            {
                onlyPositional = true;
            }
            else if (!onlyPositional && a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a;
                string? value = null;
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[..eq];
                    value = a[(eq + 1)..];
                }

                if (flags.Contains(name))
                {
                    if (value is not null)
                    {
                        throw new CommandLineException("option " + name + " takes no value");
                    }
                }
                else if (valued.Contains(name))
                {
                    if (value is null)
                    {
                        value = e.MoveNext() ? e.Current : throw new CommandLineException("option " + name + " needs a value");
                    }
                }
                else
                {
                    throw new CommandLineException("unknown option " + name);
                }

                options[name] = value;
            }
            else
            {
                positional.Add(a);
            }
        }

        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out string? v) ? v : null;

    /// <summary>Parses <c>IP</c>, <c>IP:PORT</c>, <c>[IPv6]</c> or <c>[IPv6]:PORT</c>; the port defaults to 5060.</summary>
    public static IPEndPoint ParseEndPoint(string text, string option)
    {
        string host = text;
        int port = 5060;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new CommandLineException(option + ": missing ']' in '" + text + "'");
            }

            host = text[1..close];
            string rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest[0] == ':' ? ParsePort(rest[1..], option) : throw new CommandLineException(option + ": expected ':PORT' after ']' in '" + text + "'");
            }
        }
        else if (text.Count(':') == 1)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            port = ParsePort(text[(colon + 1)..], option);
        }

        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            throw new CommandLineException(option + ": '" + host + "' is not an IP address");
        }

        return new IPEndPoint(address, port);
    }

    private static int ParsePort(string text, string option)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
        {
            throw new CommandLineException(option + ": '" + text + "' is not a port (1-65535)");
        }

        return port;
    }
}

internal static class StringCountExtensions
{
    public static int Count(this string s, char c)
    {
        int n = 0;
        foreach (char x in s)
        {
            if (x == c)
            {
                n++;
            }
        }

        return n;
    }
}
