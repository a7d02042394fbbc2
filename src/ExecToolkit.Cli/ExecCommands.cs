using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using ExecToolkit.Sip;

namespace ExecToolkit.Cli;

/// <summary><c>exectool dset|msg|avp|cmd</c>: run an exec function for a message, as Kamailio would.</summary>
internal static class ExecCommands
{
    public static Command Create(string function, Input input, Stream stdout)
    {
        bool needsMessage = function != "cmd";
        Argument<string>? message = needsMessage ? InspectCommands.Message() : null;
        var commandText = new Argument<string>("command") { Description = "The command template; pseudo-variables are expanded, $$ is a literal $." };
        Argument<string?>? avpList = function == "avp"
            ? new Argument<string?>("avp-list") { Arity = ArgumentArity.ZeroOrOne, Description = "Where the output lines go: $avp(...) names separated by ';', ',' or spaces (default: $avp(i:1), $avp(i:2), ...)." }
            : null;
        Option<IPEndPoint?> source = CliOptions.Source();
        Option<string> mode = CliOptions.Mode("safe", CliOptions.ModeDescription);
        Option<TimeSpan> timeToKill = CliOptions.TimeToKill();
        var noSetvars = new Option<bool>("--no-setvars") { Description = "Do not export the SIP_* variables (Kamailio's setvars=0)." };
        Option<bool> json = CliOptions.Json("the result (rc, failure, exit code, signal, duration, command and what the function set)");

        var command = new Command(function, Summary(function));
        if (message is not null)
        {
            command.Add(message);
        }

        command.Add(commandText);
        if (avpList is not null)
        {
            command.Add(avpList);
        }

        if (needsMessage)
        {
            command.Add(source);
        }

        command.Add(mode);
        command.Add(timeToKill);
        command.Add(noSetvars);
        command.Add(json);
        command.SetAction(parsed =>
        {
            var options = new ExecOptions
            {
                SetVars = !parsed.GetValue(noSetvars),
                TimeToKill = parsed.GetValue(timeToKill),
                ExpansionMode = CliOptions.ParseMode(parsed.GetValue(mode)),
            };
            CommandTemplate template = CommandTemplate.Parse(parsed.GetRequiredValue(commandText));
            IReadOnlyList<Templates.AvpName>? avpNames = avpList is not null && parsed.GetValue(avpList) is string list ? Templates.AvpList.Parse(list) : null;
            RequestContext? request = message is null ? null : input.ReadRequest(parsed.GetRequiredValue(message), parsed.GetValue(source));
            return Run(function, options, template, avpNames, request, parsed.GetValue(json), stdout);
        });
        return command;
    }

    private static string Summary(string function) => function switch
    {
        "dset" => "Run exec_dset for a request: the command's output lines become the Request-URI and branches.",
        "msg" => "Run exec_msg for a request: the request is the command's standard input.",
        "avp" => "Run exec_avp for a request: the command's output lines are stored in AVPs.",
        _ => "Run exec_cmd: the command runs without a request (no SIP_* variables, no pseudo-variables with a value).",
    };

    private static int Run(string function, ExecOptions options, CommandTemplate template, IReadOnlyList<Templates.AvpName>? avpNames, RequestContext? request, bool json, Stream stdout)
    {
        using var exec = new SipExec(options);

        // exec_msg's command writes to this process's standard output; with --json it goes to stderr, so that stdout
        // holds one JSON document.
        using IDisposable? redirected = function == "msg" && json ? StandardOutput.ToStandardError() : null;
        ExecResult result = function switch
        {
            "dset" => exec.ExecDsetAsync(request!, template).AsTask().GetAwaiter().GetResult(),
            "msg" => exec.ExecMsgAsync(request!, template).AsTask().GetAwaiter().GetResult(),
            "avp" => exec.ExecAvpAsync(request!, template, avpNames).AsTask().GetAwaiter().GetResult(),
            _ => exec.ExecCmdAsync(request, template, cancellationToken: CancellationToken.None).AsTask().GetAwaiter().GetResult(),
        };

        redirected?.Dispose();
        if (json)
        {
            WriteJson(stdout, result, request);
        }
        else
        {
            stdout.Write(SipText.Encode(Describe(result, request)));
        }

        return result.Succeeded ? 0 : 1;
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
        using (var json = new Utf8JsonWriter(stdout, Json.Options))
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
