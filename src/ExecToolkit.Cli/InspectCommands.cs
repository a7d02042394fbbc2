using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Cli;

/// <summary><c>exectool env</c> and <c>exectool expand</c>: what exec would export and run, without running it.</summary>
internal static class InspectCommands
{
    public static Argument<string> Message() => new("message-file")
    {
        Description = "A SIP request as received (CRLF line ends), or - for standard input.",
    };

    public static Command Env(Input input, Stream stdout)
    {
        Argument<string> message = Message();
        Option<IPEndPoint?> source = CliOptions.Source();
        Option<bool> json = CliOptions.Json("the variables, as an array of [name, value] pairs,");
        var env = new Command("env", "Print the SIP_* variables exec exports for a request, in the order of the environment block.") { message, source, json };
        env.SetAction(parsed =>
        {
            RequestContext context = input.ReadRequest(parsed.GetRequiredValue(message), parsed.GetValue(source));
            if (context.Request.HeaderError is SipParseException error)
            {
                // Kamailio routes such a request, but its exec functions build no environment and run nothing.
                throw new CommandLineException("no environment: the exec functions return -1 for this request (" + error.Message + ")");
            }

            IReadOnlyList<SipEnvironmentVariable> variables = SipEnvironment.Build(context);
            if (parsed.GetValue(json))
            {
                WriteJson(stdout, variables);
            }
            else
            {
                foreach (SipEnvironmentVariable v in variables)
                {
                    stdout.Write(Encoding.ASCII.GetBytes(v.Name + "="));
                    stdout.Write(v.Value.Span);
                    stdout.WriteByte((byte)'\n');
                }
            }

            return 0;
        });
        return env;
    }

    public static Command Expand(Input input, Stream stdout)
    {
        Argument<string> message = Message();
        var template = new Argument<string>("template") { Description = "The command template, as written in an [Exec*] attribute or a kamailio.cfg call." };
        Option<IPEndPoint?> source = CliOptions.Source();
        Option<string> mode = CliOptions.Mode("safe", CliOptions.ModeDescription);
        var argv = new Option<bool>("--argv")
        {
            Description = "Print the argument vector the command would run with without a shell, as one JSON array (environment references "
                + "from this environment and the request's SIP_* variables); when the template needs a shell, say why and exit 1.",
        };
        var expand = new Command("expand", "Print the command a template expands to for a request (what /bin/sh -c would be given).") { message, template, source, mode, argv };
        expand.SetAction(parsed =>
        {
            CommandTemplate parsedTemplate = CommandTemplate.Parse(parsed.GetRequiredValue(template));
            RequestContext context = input.ReadRequest(parsed.GetRequiredValue(message), parsed.GetValue(source));
            ExpansionMode expansion = CliOptions.ParseMode(parsed.GetValue(mode));
            if (!parsed.GetValue(argv))
            {
                stdout.Write(SipText.Encode(parsedTemplate.Expand(context, expansion) + "\n"));
                return 0;
            }

            SimpleCommand? simple = SimpleCommand.Analyze(parsedTemplate.Tokens, expansion == ExpansionMode.Verbatim, out string? reason);
            if (simple is null)
            {
                stdout.Write(SipText.Encode("needs a shell: " + reason + "\n"));
                return 1;
            }

            var sip = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (SipEnvironmentVariable variable in SipEnvironment.Build(context))
            {
                sip[variable.Name] = variable.ValueText;
            }

            string[] arguments = simple.Arguments(
                token => PseudoVariables.PseudoVariableEvaluator.Print(parsedTemplate.Tokens[token].Variable!, context),
                name => sip.TryGetValue(name, out string? value) ? value : System.Environment.GetEnvironmentVariable(name));
            using (var json = new Utf8JsonWriter(stdout, Json.Options))
            {
                json.WriteStartArray();
                foreach (string argument in arguments)
                {
                    json.WriteStringValue(argument);
                }

                json.WriteEndArray();
            }

            stdout.Write("\n"u8);
            return 0;
        });
        return expand;
    }

    private static void WriteJson(Stream stdout, IReadOnlyList<SipEnvironmentVariable> variables)
    {
        using (var json = new Utf8JsonWriter(stdout, Json.Options))
        {
            json.WriteStartArray();
            foreach (SipEnvironmentVariable v in variables)
            {
                json.WriteStartArray();
                json.WriteStringValue(v.Name);
                json.WriteStringValue(v.ValueText);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        stdout.WriteByte((byte)'\n');
    }
}
