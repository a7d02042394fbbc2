using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Cli;

/// <summary>The <c>exectool</c> commands. Exit codes: 0 success, 2 bad usage or bad input.</summary>
internal static class Commands
{
    private const string Usage =
        "usage: exectool demo\n" +
        "       exectool env <message-file|-> [--source IP[:PORT]] [--json]\n" +
        "       exectool expand <message-file|-> <template> [--mode safe|verbatim] [--source IP[:PORT]]\n" +
        "       exectool dset|msg <message-file|-> <command> [options]\n" +
        "       exectool avp <message-file|-> <command> [<avp-list>] [options]\n" +
        "       exectool cmd <command> [options]\n" +
        "       exectool lint <kamailio.cfg>... [--format text|sarif] [--mode verbatim|safe]\n" +
        "options: --source IP[:PORT]  --time-to-kill SECONDS  --no-setvars  --mode safe|verbatim  --json\n" +
        "exit codes: 0 success (rc 1), 1 the function returned a negative rc, 2 bad usage or input\n";

    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr)
    {
        try
        {
            if (args.Length == 0)
            {
                stderr.Write(Usage);
                return 2;
            }

            if (args[0] is "-h" or "--help" or "help")
            {
                // Asked for: the usage is the output. "help <command>" or "<command> --help": that command's lines.
                WriteText(stdout, args.Length > 1 ? UsageOf(args[1]) : Usage);
                return 0;
            }

            if (args[0] is "--version" or "version")
            {
                WriteText(stdout, "exectool " + typeof(Commands).Assembly.GetName().Version!.ToString(3) + "\n");
                return 0;
            }

            string[] rest = args[1..];
            if (Array.Exists(rest, r => r is "-h" or "--help"))
            {
                WriteText(stdout, UsageOf(args[0]));
                return 0;
            }

            return args[0] switch
            {
                "demo" when rest.Length == 0 => Demo.Run(stdout),
                "demo" => throw new CommandLineException("demo takes no arguments"),
                "env" => Env(rest, stdin, stdout),
                "expand" => Expand(rest, stdin, stdout),
                "dset" or "msg" or "avp" or "cmd" => ExecCommands.Run(args[0], rest, stdin, stdout),
                "lint" => LintCommand.Run(rest, stdin, stdout),
                _ => throw new CommandLineException("unknown command '" + args[0] + "' (try: demo, env, expand, dset, msg, avp, cmd, lint)"),
            };
        }
        catch (CommandLineException e)
        {
            stderr.WriteLine("exectool: " + e.Message);
            return 2;
        }
        catch (SipParseException e)
        {
            stderr.WriteLine("exectool: bad SIP message: " + e.Message);
            return 2;
        }
        catch (TemplateParseException e)
        {
            stderr.WriteLine("exectool: bad template: " + e.Message);
            return 2;
        }
        catch (ArgumentException e)
        {
            // One line, without .NET's " (Parameter 'name')" suffix.
            string message = e.ParamName is null ? e.Message : e.Message.Replace(" (Parameter '" + e.ParamName + "')", "", StringComparison.Ordinal);
            stderr.WriteLine("exectool: " + message.Replace('\n', ' '));
            return 2;
        }
    }

    private static void WriteText(Stream stdout, string text) => stdout.Write(Encoding.UTF8.GetBytes(text));

    // The usage lines of one command (and the option and exit-code lines); the whole usage for an unknown one.
    private static string UsageOf(string command)
    {
        var sb = new StringBuilder();
        foreach (string line in Usage.Split('\n'))
        {
            string body = line.StartsWith("usage: ", StringComparison.Ordinal) ? line.Substring(7) : line.TrimStart();
            string[] words = body.Split(' ');
            bool ofCommand = words.Length > 1 && words[0] == "exectool" && Array.IndexOf(words[1].Split('|'), command) >= 0;
            if (ofCommand)
            {
                sb.Append(sb.Length == 0 ? "usage: " : "       ").Append(body).Append('\n');
            }
        }

        if (sb.Length == 0)
        {
            return Usage;
        }

        return sb.Append(Usage.AsSpan(Usage.IndexOf("options:", StringComparison.Ordinal))).ToString();
    }

    private static int Env(string[] args, Stream stdin, Stream stdout)
    {
        var a = new Arguments(args, new HashSet<string> { "--json" }, new HashSet<string> { "--source" });
        RequireCount(a, 1, "env <message-file|->");
        RequestContext context = LoadContext(a, stdin, SipParseMode.Lenient);
        if (context.Request.HeaderError is SipParseException error)
        {
            // Kamailio routes such a request, but its exec functions build no environment and run nothing.
            throw new CommandLineException("no environment: the exec functions return -1 for this request (" + error.Message + ")");
        }

        IReadOnlyList<SipEnvironmentVariable> variables = SipEnvironment.Build(context);
        if (a.Has("--json"))
        {
            using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartArray();
            foreach (SipEnvironmentVariable v in variables)
            {
                json.WriteStartArray();
                json.WriteStringValue(v.Name);
                json.WriteStringValue(v.ValueText);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.Flush();
            stdout.WriteByte((byte)'\n');
            return 0;
        }

        foreach (SipEnvironmentVariable v in variables)
        {
            stdout.Write(Encoding.ASCII.GetBytes(v.Name + "="));
            stdout.Write(v.Value.Span);
            stdout.WriteByte((byte)'\n');
        }

        return 0;
    }

    private static int Expand(string[] args, Stream stdin, Stream stdout)
    {
        var a = new Arguments(args, new HashSet<string>(), new HashSet<string> { "--source", "--mode" });
        RequireCount(a, 2, "expand <message-file|-> <template>");
        ExpansionMode mode = ParseMode(a.Get("--mode"));
        CommandTemplate template = CommandTemplate.Parse(a.Positional[1]);
        RequestContext context = LoadContext(a, stdin, SipParseMode.Lenient); // what a route Kamailio runs would expand
        stdout.Write(SipText.Encode(template.Expand(context, mode) + "\n"));
        return 0;
    }

    /// <summary>Reads a file, turning I/O failures into one-line usage errors.</summary>
    internal static T ReadFile<T>(string file, Func<string, T> read)
    {
        if (Directory.Exists(file))
        {
            throw new CommandLineException("cannot read '" + file + "': it is a directory");
        }

        try
        {
            return read(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineException("cannot read '" + file + "': no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException("cannot read '" + file + "': " + e.Message);
        }
    }

    internal static ExpansionMode ParseMode(string? text) => text switch
    {
        null or "safe" or "shellsafe" => ExpansionMode.ShellSafe,
        "verbatim" => ExpansionMode.Verbatim,
        string other => throw new CommandLineException("--mode: expected 'safe' or 'verbatim', got '" + other + "'"),
    };

    private static void RequireCount(Arguments a, int count, string usage)
    {
        if (a.Positional.Count != count)
        {
            throw new CommandLineException("expected " + usage + ", got " + a.Positional.Count + " argument(s)");
        }
    }

    internal static RequestContext LoadContext(Arguments a, Stream stdin, SipParseMode mode = SipParseMode.Strict)
    {
        string file = a.Positional[0];
        byte[] message;
        if (file == "-")
        {
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            message = buffer.ToArray();
        }
        else
        {
            message = ReadFile(file, File.ReadAllBytes);
        }

        string? source = a.Get("--source");
        IPEndPoint? endPoint = source is null ? null : Arguments.ParseEndPoint(source, "--source");
        return RequestContext.Parse(message, mode, endPoint);
    }
}
