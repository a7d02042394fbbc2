using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;
using System.Linq;
using System.Text;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Cli;

/// <summary>
/// The <c>exectool</c> command line (System.CommandLine). Help and <c>--version</c> go to standard output with exit 0;
/// every error, in the arguments or in the input, is one line on standard error with exit 2.
/// </summary>
internal static class Commands
{
    /// <summary>The exit-code section of a command's help (the root's lists them all).</summary>
    public static string ExitCodes(string command) => "Exit codes:\n" + command switch
    {
        "dset" or "msg" or "avp" or "cmd" => "  0  the function returned rc 1\n  1  it returned a negative rc (the command failed, or gave no output where output is needed)\n",
        "lint" => "  0  no warning or error found\n  1  a warning or an error found\n",
        "expand" => "  0  success\n  1  --argv: the template needs a shell (the reason is printed)\n",
        "exectool" => "  0  success (dset, msg, avp, cmd: the function returned rc 1; lint: no warning or error)\n  1  dset, msg, avp, cmd: a negative rc; lint: a warning or an error\n",
        _ => "  0  success\n",
    } + "  2  bad usage or bad input (one line on standard error)\n";

    private static readonly string[] HelpArguments = ["--help"];

    public static string Version => typeof(Commands).Assembly.GetName().Version!.ToString(3);

    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr)
    {
        using var output = new StreamWriter(stdout, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        try
        {
            RootCommand root = Build(new Input(stdin), stdout);
            // No response files: '@name' is a template or file name here, never a file of more arguments.
            ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parsed.Action is ParseErrorAction)
            {
                string command = parsed.CommandResult.Command == root ? "exectool" : "exectool " + parsed.CommandResult.Command.Name;
                string errors = string.Join("; ", parsed.Errors.Select(e => OneLine(e.Message)));
                stderr.WriteLine("exectool: " + errors + " (see '" + command + " --help')");
                return 2;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CommandLineException e)
        {
            stderr.WriteLine("exectool: " + OneLine(e.Message));
            return 2;
        }
        catch (SipParseException e)
        {
            stderr.WriteLine("exectool: bad SIP message: " + OneLine(e.Message));
            return 2;
        }
        catch (TemplateParseException e)
        {
            stderr.WriteLine("exectool: bad template: " + OneLine(e.Message));
            return 2;
        }
        catch (ArgumentException e)
        {
            // Without .NET's " (Parameter 'name')" suffix.
            string message = e.ParamName is null ? e.Message : e.Message.Replace(" (Parameter '" + e.ParamName + "')", "", StringComparison.Ordinal);
            stderr.WriteLine("exectool: " + OneLine(message));
            return 2;
        }
    }

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\t', ' ').Trim();

    private static RootCommand Build(Input input, Stream stdout)
    {
        var root = new RootCommand("Inspect what Kamailio's exec module would export and run for a SIP request, run it as ExecToolkit does, and lint kamailio.cfg exec calls.")
        {
            HelpName = "exectool",
        };
        root.Directives.Clear();
        root.Add(DemoCommand(stdout));
        root.Add(InspectCommands.Env(input, stdout));
        root.Add(InspectCommands.Expand(input, stdout));
        foreach (string function in new[] { "dset", "msg", "avp", "cmd" })
        {
            root.Add(ExecCommands.Create(function, input, stdout));
        }

        root.Add(LintCommand.Create(input, stdout));
        root.Add(HelpCommand(root));

        foreach (Option option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction action)
            {
                action.MaxWidth = 110;
                help.Action = new HelpThenExitCodes(action);
            }
            else if (option is VersionOption version)
            {
                version.Action = new PrintVersion();
            }
        }

        // Without a command: the help, as an error.
        root.SetAction(parsed =>
        {
            TextWriter error = parsed.InvocationConfiguration.Error;
            parsed.RootCommandResult.Command.Parse(HelpArguments).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return 2;
        });
        return root;
    }

    private static Command DemoCommand(Stream stdout)
    {
        var demo = new Command("demo", "Show a built-in INVITE whose headers carry shell metacharacters, its SIP_* environment, and one template expanded verbatim (as Kamailio) and shell-safe (as ExecToolkit).");
        demo.SetAction(_ => Demo.Run(stdout));
        return demo;
    }

    // "exectool help [command]" as "exectool [command] --help", since users type both.
    private static Command HelpCommand(RootCommand root)
    {
        var command = new Argument<string?>("command") { Arity = ArgumentArity.ZeroOrOne, Description = "The command to describe." };
        var help = new Command("help", "Show help for exectool or one of its commands.") { command };
        help.Hidden = true;
        help.SetAction(parsed =>
        {
            var args = new List<string>();
            if (parsed.GetValue(command) is string name)
            {
                args.Add(name);
            }

            if (args.Count > 0 && !root.Subcommands.Any(c => c.Name == args[0] && !c.Hidden))
            {
                throw new CommandLineException("no command '" + args[0] + "' (try: demo, env, expand, dset, msg, avp, cmd, lint)");
            }

            args.Add("--help");
            return root.Parse(args).Invoke(parsed.InvocationConfiguration);
        });
        return help;
    }

    /// <summary>System.CommandLine's help, then the exit codes, which it has no section for.</summary>
    private sealed class HelpThenExitCodes(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            string command = parseResult.CommandResult.Command is RootCommand ? "exectool" : parseResult.CommandResult.Command.Name;
            parseResult.InvocationConfiguration.Output.Write(ExitCodes(command).Replace("\n", Environment.NewLine, StringComparison.Ordinal));
            parseResult.InvocationConfiguration.Output.Flush();
            return 0;
        }
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine("exectool " + Version);
            parseResult.InvocationConfiguration.Output.Flush();
            return 0;
        }
    }
}
