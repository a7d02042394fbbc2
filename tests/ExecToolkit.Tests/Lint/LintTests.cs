using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ExecToolkit.Cli;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Lint;

public class TemplateLinterTests
{
    private static string[] Ids(string template, LintMode mode = LintMode.Verbatim)
        => TemplateLinter.Lint(template, mode).Select(f => f.Id + "@" + f.Offset + "+" + f.Length).ToArray();

    [Theory]
    [InlineData("notify.sh $ct", "EXEC1001@10+3")]
    [InlineData("notify.sh \"$ct\"", "EXEC1006@11+3")]
    [InlineData("notify.sh '$ct'", "EXEC1006@11+3")]
    [InlineData("lookup.sh $si $sp $Ri $Rp", "")]
    [InlineData("lookup.sh $cs", "EXEC1001@10+3")]
    [InlineData("lookup.sh $cl", "EXEC1001@10+3")]
    [InlineData("count.sh $(ct{s.len})", "")]
    [InlineData("echo $SIP_OUSER", "EXEC1002@5+1")]
    [InlineData("echo ${HOME}", "EXEC1002@5+1")]
    [InlineData("echo $1", "EXEC1002@5+1")]
    [InlineData("echo $@", "EXEC1002@5+1")]
    [InlineData("echo $(date)", "EXEC1002@5+1")]
    [InlineData("cat /tmp/$rU.txt", "EXEC1007@9+7")]
    [InlineData("echo $?", "EXEC1003@5+2")]
    [InlineData("echo $pp", "EXEC1003@5+3")]
    [InlineData("echo '$$SIP_USER'", "EXEC1004@6+2")]
    [InlineData("echo '$$(id)'", "EXEC1004@6+2")]
    [InlineData("echo \"$$SIP_USER\"", "")]
    [InlineData("echo $$SIP_USER", "")]
    [InlineData("$hdr(X-Cmd) -x", "EXEC1005@0+11")]
    [InlineData("echo x > /tmp/$ci", "EXEC1005@14+3")]
    [InlineData("echo \"$$(cat '$ct')\"", "EXEC1005@14+3")]
    [InlineData("echo x # $ct", "")]
    [InlineData("echo $$$$", "")]
    [InlineData("cat <<EOF\n$rU\nEOF\n", "EXEC1006@10+3")]
    [InlineData("cat <<'EOF'\nuser: $rU\nEOF\n", "EXEC1006@18+3")]
    [InlineData("cat <<EOF\n$si $Rp\nEOF\n", "")]
    public void Rules_in_kamailio_mode(string template, string expected)
        => Assert.Equal(expected.Length == 0 ? [] : expected.Split(' '), Ids(template));

    [Fact]
    public void ShellSafe_mode_lowers_quoting_findings_to_suggestions_and_drops_breakouts()
    {
        var unquoted = TemplateLinter.Lint("notify.sh $ct", LintMode.ShellSafe).Single();
        Assert.Equal(LintSeverity.Info, unquoted.Severity);
        Assert.Equal(LintSeverity.Warning, TemplateLinter.Lint("notify.sh $ct", LintMode.Verbatim).Single().Severity);
        Assert.Empty(TemplateLinter.Lint("notify.sh '$ct'", LintMode.ShellSafe));
        Assert.Equal(LintSeverity.Error, TemplateLinter.Lint("echo $HOME", LintMode.ShellSafe).Single().Severity);
    }

    [Theory]
    [InlineData("cat <<EOF\n$rU\nEOF\n")]
    [InlineData("cat <<-EOF\n\tuser: \"$rU\" '$fu'\nEOF\n")]
    [InlineData("cat <<'EOF'\n$ct\nEOF\n")]
    public void A_here_document_body_is_not_asked_to_be_quoted(string template)
    {
        // The shell neither splits nor globs a body, and quotes written there would be part of the text.
        Assert.DoesNotContain(TemplateLinter.Lint(template, LintMode.ShellSafe), f => f.Id is TemplateLinter.UnquotedValue or TemplateLinter.QuotedValueCanBreakOut);
        Assert.DoesNotContain(TemplateLinter.Lint(template, LintMode.Verbatim), f => f.Id == TemplateLinter.UnquotedValue);
    }

    [Fact]
    public void Avp_lists()
    {
        Assert.Null(TemplateLinter.LintAvpList("$avp(s:a) $avp(i:2);$avp(b)"));
        var bad = TemplateLinter.LintAvpList("$avp(s:a),$var(b)")!;
        Assert.Equal(("EXEC1007", 10), (bad.Id, bad.Offset));
    }
}

public class KamailioConfigTests
{
    [Fact]
    public void Finds_calls_decodes_cfg_strings_and_maps_offsets()
    {
        string cfg = "route {\n\t# exec_cmd(\"no\");\n\texec_avp(\"printf '\\\\n' \\\"$$X\\\"\", \"$avp(s:a)\");\n\texec_cmd('single $ru');\n\texec_msg(\"a\" + $rU);\n}\n";
        var calls = KamailioConfig.FindExecCalls(cfg);

        Assert.Equal(new[] { "exec_avp", "exec_cmd", "exec_msg" }, calls.Select(c => c.Function));
        Assert.Equal("printf '\\n' \"$$X\"", calls[0].Command!.Value);
        Assert.Equal("$avp(s:a)", calls[0].AvpList!.Value);
        Assert.Equal("single $ru", calls[1].Command!.Value);
        Assert.Null(calls[2].Command);
        int dollar = calls[0].Command!.Value.IndexOf('$', System.StringComparison.Ordinal);
        Assert.Equal('$', cfg[calls[0].Command!.ToSource(dollar)]);
        Assert.Equal((3, 2), KamailioConfig.LineColumn(cfg, calls[0].Offset));
    }
}

public class LintCommandTests
{
    private static string Cfg(string name) => Path.Combine(System.AppContext.BaseDirectory, "Lint", "cfg", name);

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = Commands.Run(args, new MemoryStream(), output, error);
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    [Fact]
    public void Documented_examples_give_exactly_the_expected_findings()
    {
        var (code, stdout, _) = Run("lint", Cfg("documented-examples.cfg"));

        Assert.Equal(1, code);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        var found = lines.Select(l => (Line: int.Parse(l[(l.IndexOf('(') + 1)..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture), Id: l.Split(' ')[2].TrimEnd(':'))).ToArray();
        // Each call's expected rule is named in the comment on the line above it.
        string[] source = File.ReadAllLines(Cfg("documented-examples.cfg"));
        var expected = source.Select((text, index) => (text, index))
            .Where(x => x.text.TrimStart().StartsWith("# ", System.StringComparison.Ordinal) && x.text.Contains(": EXEC", System.StringComparison.Ordinal))
            .Select(x => (Line: x.index + 2, Id: x.text[(x.text.LastIndexOf("EXEC", System.StringComparison.Ordinal))..].Trim()))
            .ToArray();
        Assert.Equal(expected, found);
        Assert.All(lines, l => Assert.Matches(@"^.+\(\d+,\d+\): (warning|error|info) EXEC1\d{3}: .+$", l));
    }

    [Fact]
    public void Correct_templates_give_nothing_and_exit_0()
    {
        var (code, stdout, _) = Run("lint", Cfg("quoted-correctly.cfg"));
        Assert.Equal("", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Mode_safe_lints_a_cfg_as_ShellSafe_runs_it_and_reports_where_the_shells_differ()
    {
        string cfg = Path.Combine(Path.GetTempPath(), "exec-lint-" + System.Guid.NewGuid().ToString("N") + ".cfg");
        File.WriteAllText(cfg, "route {\n    exec_cmd(\"notify.sh \\\"$${NAME:-$fn}\\\"\");\n}\n");
        try
        {
            var (code, stdout, _) = Run("lint", cfg, "--mode", "safe");
            Assert.Contains("(2,36): warning EXEC1009: '$fn' sits where the shells read the text differently", stdout, System.StringComparison.Ordinal);
            Assert.Contains("quote-in-braces", stdout, System.StringComparison.Ordinal);
            Assert.Equal(1, code);
            var (_, verbatim, _) = Run("lint", cfg);
            Assert.DoesNotContain("EXEC1009", verbatim, System.StringComparison.Ordinal);
            var (bad, _, error) = Run("lint", cfg, "--mode", "unsafe");
            Assert.Equal(2, bad);
            Assert.Contains("--mode: expected 'safe' or 'verbatim'", error, System.StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(cfg);
        }
    }

    [Fact]
    public void Sarif_output_has_rules_results_and_regions()
    {
        var (code, stdout, _) = Run("lint", Cfg("documented-examples.cfg"), "--format", "sarif");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(stdout);
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var (_, text, _) = Run("lint", Cfg("documented-examples.cfg"));
        Assert.Equal(text.TrimEnd('\n').Split('\n').Length, results.Count);
        var first = results[0];
        Assert.Equal("EXEC1001", first.GetProperty("ruleId").GetString());
        Assert.Equal("warning", first.GetProperty("level").GetString());
        var region = first.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(16, region.GetProperty("startLine").GetInt32());
        Assert.Equal(37, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(40, region.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void Sarif_carries_what_code_scanning_shows_rule_metadata_tool_version_and_escaped_uris()
    {
        string dir = Path.Combine(Path.GetTempPath(), "exec lint #" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string cfg = Path.Combine(dir, "my kamailio #1.cfg");
            File.Copy(Cfg("documented-examples.cfg"), cfg);
            var (_, stdout, _) = Run("lint", cfg, "--format", "sarif");
            using var doc = JsonDocument.Parse(stdout);
            var run = doc.RootElement.GetProperty("runs")[0];
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal(typeof(Commands).Assembly.GetName().Version!.ToString(3), driver.GetProperty("version").GetString());

            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(LintRule.All.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
            foreach (var rule in rules)
            {
                string id = rule.GetProperty("id").GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("name").GetString()), id);
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("shortDescription").GetProperty("text").GetString()), id);
                Assert.True(rule.GetProperty("fullDescription").GetProperty("text").GetString()!.Length > 40, id);
                Assert.Contains(TemplateLinter.HelpLink(id), rule.GetProperty("help").GetProperty("text").GetString(), System.StringComparison.Ordinal);
                Assert.Equal(TemplateLinter.HelpLink(id), rule.GetProperty("helpUri").GetString());
                string expectedLevel = LintRule.ForId(id).DefaultSeverity switch { LintSeverity.Error => "error", LintSeverity.Warning => "warning", _ => "note" };
                Assert.Equal(expectedLevel, rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
            }

            // Outside the working directory: an absolute file URI, with the space and '#' escaped.
            var location = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            string uri = location.GetProperty("uri").GetString()!;
            Assert.Equal(new System.Uri(cfg).AbsoluteUri, uri);
            Assert.Contains("%23", uri, System.StringComparison.Ordinal);
            Assert.Contains("%20", uri, System.StringComparison.Ordinal);
            Assert.Equal(cfg, new System.Uri(uri).LocalPath);

            // Below it: a relative reference on %SRCROOT%, which originalUriBaseIds defines.
            string root = run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
            Assert.EndsWith("/", root, System.StringComparison.Ordinal);
            string inside = Path.GetRelativePath(Directory.GetCurrentDirectory(), Cfg("documented-examples.cfg"));
            var (_, local, _) = Run("lint", Cfg("documented-examples.cfg"), "--format", "sarif");
            using var localDoc = JsonDocument.Parse(local);
            var artifact = localDoc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            // dotnet test runs in the output directory, where the test data is.
            Assert.False(inside.StartsWith("..", System.StringComparison.Ordinal), inside);
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            Assert.Equal(inside, System.Uri.UnescapeDataString(artifact.GetProperty("uri").GetString()!));
            Assert.Equal(Path.GetFullPath(Cfg("documented-examples.cfg")), new System.Uri(new System.Uri(root), artifact.GetProperty("uri").GetString()!).LocalPath);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Oracle_configuration_findings()
    {
        // The recorder's configuration runs the risky templates on purpose; its findings are these.
        string cfg = Path.Combine(Oracle.OracleData.Recorder, "kamailio.cfg");
        string[] source = File.ReadAllLines(cfg);
        (int Line, int Column) Find(string callText, string part)
        {
            int index = System.Array.FindIndex(source, l => l.Contains(callText, System.StringComparison.Ordinal));
            Assert.True(index >= 0, "kamailio.cfg has no line with " + callText);
            return (index + 1, source[index].IndexOf(part, System.StringComparison.Ordinal) + 1);
        }

        var (code, stdout, _) = Run("lint", cfg);

        Assert.Equal(1, code);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(9, lines.Length);
        Assert.Equal(
            new[] { "EXEC1001", "EXEC1001", "EXEC1001", "EXEC1004", "EXEC1006", "EXEC1006", "EXEC1006", "EXEC1006", "EXEC1006" },
            lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @" (EXEC\d{4}): ").Groups[1].Value).Order(System.StringComparer.Ordinal));
        var (argvLine, ct) = Find("exec_msg(\"ORACLE_DIR/argv.sh '$ct' $rU $$SIP_OUSER\")", "$ct");
        var (_, rU) = Find("exec_msg(\"ORACLE_DIR/argv.sh '$ct' $rU $$SIP_OUSER\")", "$rU");
        var (pvLine, sub) = Find("exec_msg(\"ORACLE_DIR/argv.sh $$$$ x$$HOME", "'$$(echo sub)'");
        Assert.Contains($"kamailio.cfg({argvLine},{ct}): warning EXEC1006: '$ct'", stdout, System.StringComparison.Ordinal);
        Assert.Contains($"kamailio.cfg({argvLine},{rU}): warning EXEC1001: '$rU'", stdout, System.StringComparison.Ordinal);
        Assert.Contains($"kamailio.cfg({pvLine},{sub + 1}): warning EXEC1004: the shell does not expand $ inside single quotes", stdout, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_has_its_help_link_anchor_in_the_docs()
    {
        // The generator, the analyzers and exectool's SARIF all link to TemplateLinter.HelpLink(id): the anchor must exist.
        string root = System.AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ExecToolkit.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("ExecToolkit.sln not found above the tests");
        }

        string docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        string[] ids = ["EXEC0001", "EXEC0002", "EXEC0003", "EXEC0004", "EXEC0005", "EXEC0006", "EXEC0007", "EXEC0008", .. LintRule.All.Select(r => r.Id)];
        foreach (string id in ids)
        {
            string link = TemplateLinter.HelpLink(id);
            Assert.StartsWith("https://github.com/exectoolkit/exectoolkit/blob/main/docs/diagnostics.md#", link, System.StringComparison.Ordinal);
            Assert.Contains("<a id=\"" + link[(link.IndexOf('#', System.StringComparison.Ordinal) + 1)..] + "\"></a>\n### " + id + ":", docs, System.StringComparison.Ordinal);
        }
    }
}
