using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using ExecToolkit.Sip;

namespace ExecToolkit.Cli;

/// <summary><c>exectool dset|msg|avp|cmd</c>: run an exec function for a message, as Kamailio would.</summary>
internal static class ExecCommands
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--json", "--no-setvars" };
    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal) { "--source", "--time-to-kill", "--mode" };

    public static int Run(string function, string[] args, Stream stdin, Stream stdout)
    {
        var a = new Arguments(args, Flags, Valued);
        bool needsMessage = function != "cmd";
        int min = needsMessage ? 2 : 1;
        int max = function == "avp" ? 3 : min;
        if (a.Positional.Count < min || a.Positional.Count > max)
        {
            string usage = function switch
            {
                "cmd" => "cmd <command>",
                "avp" => "avp <message-file|-> <command> [<avp-list>]",
                _ => function + " <message-file|-> <command>",
            };
            throw new CommandLineException("expected " + usage + ", got " + a.Positional.Count + " argument(s)");
        }

        var options = new ExecOptions
        {
            SetVars = !a.Has("--no-setvars"),
            TimeToKill = ParseSeconds(a.Get("--time-to-kill")),
            ExpansionMode = Commands.ParseMode(a.Get("--mode")),
        };
        string command = a.Positional[needsMessage ? 1 : 0];
        CommandTemplate template = CommandTemplate.Parse(command);
        string? avpList = function == "avp" && a.Positional.Count == 3 ? a.Positional[2] : null;
        IReadOnlyList<Templates.AvpName>? avpNames = avpList is null ? null : Templates.AvpList.Parse(avpList);
        RequestContext? request = needsMessage ? Commands.LoadContext(a, stdin, SipParseMode.Lenient) : null;

        using var exec = new SipExec(options);

        // exec_msg's command writes to this process's standard output; with --json it goes to stderr, so that stdout
        // holds one JSON document.
        using IDisposable? redirected = function == "msg" && a.Has("--json") ? StandardOutput.ToStandardError() : null;
        ExecResult result = function switch
        {
            "dset" => exec.ExecDsetAsync(request!, template).AsTask().GetAwaiter().GetResult(),
            "msg" => exec.ExecMsgAsync(request!, template).AsTask().GetAwaiter().GetResult(),
            "avp" => exec.ExecAvpAsync(request!, template, avpNames).AsTask().GetAwaiter().GetResult(),
            _ => exec.ExecCmdAsync(request, template, cancellationToken: CancellationToken.None).AsTask().GetAwaiter().GetResult(),
        };

        redirected?.Dispose();
        if (a.Has("--json"))
        {
            WriteJson(stdout, result, request);
        }
        else
        {
            stdout.Write(SipText.Encode(Describe(result, request)));
        }

        return result.Succeeded ? 0 : 1;
    }

    private static TimeSpan ParseSeconds(string? text)
    {
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds < 0 || double.IsInfinity(seconds))
        {
            throw new CommandLineException("--time-to-kill: expected seconds (0 for no limit), got '" + text + "'");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static string Describe(ExecResult result, RequestContext? request)
    {
        var sb = new StringBuilder();
        sb.Append("rc ").Append(result.ReturnCode.ToString(CultureInfo.InvariantCulture));
        if (result.Failure != ExecFailure.None)
        {
            sb.Append(" (").Append(result.Failure).Append(')');
        }

        sb.Append('\n');
        if (result is DsetResult && request is not null)
        {
            sb.Append("ruri ").Append(request.CurrentUri).Append('\n');
            foreach (Branch b in request.Branches)
            {
                sb.Append("branch ").Append(b.Uri).Append('\n');
            }
        }

        if (result is AvpResult && request is not null)
        {
            foreach ((Templates.AvpName name, int index, string value) in request.Avps.Entries)
            {
                sb.Append("avp ").Append(name.ToString()).Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(value).Append('\n');
            }
        }

        if (result.Detail is not null)
        {
            sb.Append("detail ").Append(result.Detail).Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteJson(Stream stdout, ExecResult result, RequestContext? request)
    {
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("rc", result.ReturnCode);
            json.WriteString("failure", result.Failure.ToString());
            WriteNullable(json, "exitCode", result.ExitCode);
            WriteNullable(json, "signal", result.Signal);
            json.WriteBoolean("timedOut", result.TimedOut);
            json.WriteBoolean("truncated", result.Truncated);
            json.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 3));
            WriteNullable(json, "pid", result.ProcessId);
            json.WriteString("command", result.Command);
            if (result is DsetResult && request is not null)
            {
                json.WriteString("ruri", request.CurrentUri);
                json.WriteStartArray("branches");
                foreach (Branch b in request.Branches)
                {
                    json.WriteStringValue(b.Uri);
                }

                json.WriteEndArray();
            }

            if (result is AvpResult && request is not null)
            {
                json.WriteStartArray("avps");
                foreach ((Templates.AvpName name, int index, string value) in request.Avps.Entries)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name.ToString());
                    json.WriteNumber("index", index);
                    json.WriteString("value", value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
