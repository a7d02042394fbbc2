using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using ExecToolkit.Templates;

namespace ExecToolkit.Cli;

/// <summary>
/// The options the commands share, each with a parser that turns bad input into one error line naming the option.
/// A new instance per command keeps each command's help and defaults its own.
/// </summary>
internal static class CliOptions
{
    public static Option<IPEndPoint?> Source() => new("--source")
    {
        Description = "The address the request came from (SIP_SRCIP, $si, $sp); the port defaults to 5060.",
        HelpName = "IP[:PORT]",
        CustomParser = r => Parse(r, text => ParseEndPoint(text)),
    };

    /// <summary><c>--mode safe|verbatim</c>; the value is checked while parsing and read with <see cref="ParseMode"/>.</summary>
    public static Option<string> Mode(string defaultMode, string description) => Choice("--mode", defaultMode, description, "safe", "verbatim");

    /// <summary>An option with a fixed set of words, its error one line naming the option.</summary>
    public static Option<string> Choice(string name, string defaultValue, string description, params string[] words) => new(name)
    {
        Description = description,
        HelpName = string.Join('|', words),
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(r, text => Array.IndexOf(words, text) >= 0
            ? text
            : throw new CommandLineException("expected " + string.Join(" or ", Array.ConvertAll(words, w => "'" + w + "'")) + ", got '" + text + "'")),
    };

    public const string ModeDescription = "How values are put into the command: safe (ExecToolkit's default, quoted for the shell) or verbatim (pasted, as Kamailio does).";

    public static Option<bool> Json(string what) => new("--json") { Description = "Write " + what + " as one JSON document." };

    public static Option<TimeSpan> TimeToKill() => new("--time-to-kill")
    {
        Description = "Kill the command's process group after this time: seconds, or a number with ms, s, m or h (0: no limit, the default).",
        HelpName = "TIME",
        CustomParser = r => Parse(r, ParseTime),
    };

    /// <summary>Runs <paramref name="parse"/> on the option's one token; a <see cref="CommandLineException"/> becomes its error.</summary>
    public static T? Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        try
        {
            return parse(text);
        }
        catch (CommandLineException e)
        {
            string name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
            result.AddError(name + ": " + e.Message);
            return default;
        }
    }

    public static ExpansionMode ParseMode(string? text) => text == "verbatim" ? ExpansionMode.Verbatim : ExpansionMode.ShellSafe;

    /// <summary>Seconds (<c>2</c>, <c>0.2</c>) or a number with a unit: <c>200ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c>.</summary>
    public static TimeSpan ParseTime(string text)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || double.IsInfinity(value * scale) || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new CommandLineException("expected a time such as 2, 0.5s or 200ms (0 for no limit), got '" + text + "'");
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    /// <summary>Parses <c>IP</c>, <c>IP:PORT</c>, <c>[IPv6]</c> or <c>[IPv6]:PORT</c>; the port defaults to 5060.</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        string host = text;
        int port = 5060;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new CommandLineException("missing ']' in '" + text + "'");
            }

            host = text[1..close];
            string rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest[0] == ':' ? ParsePort(rest[1..]) : throw new CommandLineException("expected ':PORT' after ']' in '" + text + "'");
            }
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0 && text.IndexOf(':', colon + 1) < 0)
        {
            host = text[..colon];
            port = ParsePort(text[(colon + 1)..]);
        }

        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            throw new CommandLineException("'" + host + "' is not an IP address");
        }

        return new IPEndPoint(address, port);
    }

    private static int ParsePort(string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
        {
            throw new CommandLineException("'" + text + "' is not a port (1-65535)");
        }

        return port;
    }
}
