using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Cli;

/// <summary>
/// <c>exectool lint &lt;file&gt;...</c>: the analyzers' quoting rules on every exec call of kamailio.cfg files, in
/// Kamailio's (verbatim) mode. Compiler-style lines or SARIF; exit code 1 when a warning or an error was found.
/// </summary>
internal static class LintCommand
{
    private sealed record Finding(string File, int Line, int Column, int EndLine, int EndColumn, LintFinding Lint);

    public static Command Create(Input input, Stream stdout)
    {
        var files = new Argument<string[]>("kamailio.cfg") { Arity = ArgumentArity.OneOrMore, Description = "Kamailio configuration files; - for standard input." };
        Option<string> format = CliOptions.Choice("--format", "text", "text (file(line,col): level id: message) or sarif (SARIF 2.1.0, for code scanning).", "text", "sarif");
        // A kamailio.cfg runs in Kamailio, which pastes values (verbatim); --mode safe lints its templates as ExecToolkit's
        // ShellSafe mode runs them (EXEC1009: places where the shells differ and values are refused).
        Option<string> mode = CliOptions.Mode("verbatim", "verbatim (Kamailio's pasting, the default) or safe (as ExecToolkit's ShellSafe mode would run the templates).");
        var lint = new Command("lint", "Check every exec_* call of kamailio.cfg files with the analyzers' quoting rules (EXEC1xxx).") { files, format, mode };
        lint.SetAction(parsed => Run(parsed.GetRequiredValue(files), parsed.GetValue(format) == "sarif", CliOptions.ParseMode(parsed.GetValue(mode)) == ExpansionMode.Verbatim ? LintMode.Verbatim : LintMode.ShellSafe, input, stdout));
        return lint;
    }

    private static int Run(string[] files, bool sarif, LintMode lintMode, Input input, Stream stdout)
    {
        var findings = new List<Finding>();
        foreach (string file in files)
        {
            using var reader = new StreamReader(new MemoryStream(input.ReadBytes(file)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            string text = reader.ReadToEnd();
            findings.AddRange(LintText(file, text, lintMode));
        }

        if (sarif)
        {
            WriteSarif(stdout, findings);
        }
        else
        {
            var sb = new StringBuilder();
            foreach (Finding f in findings)
            {
                sb.Append(f.File).Append('(').Append(f.Line).Append(',').Append(f.Column).Append("): ")
                  .Append(Level(f.Lint.Severity)).Append(' ').Append(f.Lint.Id).Append(": ").Append(f.Lint.Message).Append('\n');
            }

            stdout.Write(SipText.Encode(sb.ToString()));
        }

        return findings.Exists(f => f.Lint.Severity >= LintSeverity.Warning) ? 1 : 0;
    }

    private static IEnumerable<Finding> LintText(string file, string text, LintMode mode)
    {
        foreach (ConfigExecCall call in KamailioConfig.FindExecCalls(text))
        {
            if (call.Command is ConfigString command)
            {
                foreach (LintFinding lint in TemplateLinter.Lint(command.Value, mode))
                {
                    yield return Locate(file, text, command, lint);
                }
            }

            if (call.AvpList is ConfigString list && TemplateLinter.LintAvpList(list.Value) is LintFinding problem)
            {
                yield return Locate(file, text, list, problem);
            }
        }
    }

    private static Finding Locate(string file, string text, ConfigString literal, LintFinding lint)
    {
        int start = literal.ToSource(lint.Offset);
        int end = literal.ToSource(lint.Offset + lint.Length);
        (int line, int column) = KamailioConfig.LineColumn(text, start);
        (int endLine, int endColumn) = KamailioConfig.LineColumn(text, end);
        return new Finding(file, line, column, endLine, endColumn, lint);
    }

    private static string Level(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "info",
    };

    private const string SourceRoot = "%SRCROOT%";

    // A file below the current directory as a relative URI reference (each segment percent-escaped: spaces, '#', '%'),
    // anything else as an absolute file: URI.
    private static (string Uri, bool Relative) ArtifactUri(string file, string root)
    {
        if (file == "-")
        {
            return ("stdin", false);
        }

        string full = Path.GetFullPath(file);
        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            string[] segments = full.Substring(root.Length).Split('/');
            return (string.Join("/", Array.ConvertAll(segments, Uri.EscapeDataString)), true);
        }

        return (new Uri(full).AbsoluteUri, false);
    }

    private static void WriteSarif(Stream stdout, List<Finding> findings)
    {
        using (var json = new Utf8JsonWriter(stdout, Json.Options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "exectool");
            string version = typeof(LintCommand).Assembly.GetName().Version!.ToString(3);
            json.WriteString("version", version);
            json.WriteString("semanticVersion", version);
            json.WriteString("informationUri", TemplateLinter.DocumentationUri);
            json.WriteStartArray("rules");
            foreach (LintRule rule in LintRule.All)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", rule.Name);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteStartObject("fullDescription");
                json.WriteString("text", rule.Description);
                json.WriteEndObject();
                json.WriteStartObject("help");
                json.WriteString("text", rule.Description + " See " + rule.HelpLink);
                json.WriteString("markdown", rule.Description + " [" + rule.Id + "](" + rule.HelpLink + ")");
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpLink);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", rule.DefaultSeverity switch { LintSeverity.Error => "error", LintSeverity.Warning => "warning", _ => "note" });
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteStartArray("tags");
                json.WriteStringValue(rule.Category switch { "ExecToolkit.Security" => "security", "ExecToolkit.Performance" => "performance", _ => "correctness" });
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            // Locations are relative to the directory exectool ran in (%SRCROOT%), as code scanning expects.
            string root = Path.TrimEndingDirectorySeparator(Directory.GetCurrentDirectory()) + "/";
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(root).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (Finding f in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", f.Lint.Id);
                json.WriteString("level", f.Lint.Severity switch { LintSeverity.Error => "error", LintSeverity.Warning => "warning", _ => "note" });
                json.WriteStartObject("message");
                json.WriteString("text", f.Lint.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                (string uri, bool relative) = ArtifactUri(f.File, root);
                json.WriteString("uri", uri);
                if (relative)
                {
                    json.WriteString("uriBaseId", SourceRoot);
                }

                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", f.Line);
                json.WriteNumber("startColumn", f.Column);
                json.WriteNumber("endLine", f.EndLine);
                json.WriteNumber("endColumn", f.EndColumn);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
    }
}
