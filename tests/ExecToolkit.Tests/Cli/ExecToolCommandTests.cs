using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ExecToolkit.Cli;
using ExecToolkit.Tests.Oracle;

namespace ExecToolkit.Tests.Cli;

public class ExecToolCommandTests
{
    private static (int Code, byte[] Stdout, string Stderr) Run(byte[]? stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin ?? []);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = Commands.Run(args, input, output, error);
        return (code, output.ToArray(), error.ToString());
    }

    private static string CorpusFile(string name) => Path.Combine(OracleData.Directory, "corpus", name + ".sip");

    [Fact]
    public void Help_and_version_are_output_on_stdout_with_exit_0()
    {
        var (code, stdout, stderr) = Run(null, "--help");
        Assert.Equal((0, ""), (code, stderr));
        string rootHelp = Encoding.UTF8.GetString(stdout);
        Assert.Contains("Usage:\n  exectool [command] [options]\n", rootHelp, StringComparison.Ordinal);
        Assert.All(new[] { "demo", "env", "expand", "dset", "msg", "avp", "cmd", "lint" }, c => Assert.Contains("\n  " + c + " ", rootHelp, StringComparison.Ordinal));
        Assert.Contains("Exit codes:", rootHelp, StringComparison.Ordinal);

        (code, stdout, stderr) = Run(null, "--version");
        Assert.Equal((0, ""), (code, stderr));
        Assert.Equal("exectool " + typeof(Commands).Assembly.GetName().Version!.ToString(3) + "\n", Encoding.UTF8.GetString(stdout));

        // A command's own help: its usage line, the options and the exit codes; nothing runs.
        foreach (string[] args in new[] { new[] { "lint", "--help" }, new[] { "help", "lint" }, new[] { "lint", "x.cfg", "-h" } })
        {
            (code, stdout, stderr) = Run(null, args);
            string help = Encoding.UTF8.GetString(stdout);
            Assert.Equal((0, ""), (code, stderr));
            Assert.Contains("Usage:\n  exectool lint <kamailio.cfg>... [options]\n", help, StringComparison.Ordinal);
            Assert.Contains("--format <text|sarif>", help, StringComparison.Ordinal);
            Assert.DoesNotContain("dset", help, StringComparison.Ordinal);
            Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
        }

        // Without any argument the usage is an error: stderr, exit 2.
        (code, stdout, stderr) = Run(null);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("Usage:\n  exectool [command] [options]\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_errors_are_one_plain_line_with_exit_2()
    {
        var (code, _, stderr) = Run(null, "lint", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Equal("exectool: cannot read '" + Path.GetTempPath() + "': it is a directory\n", stderr.Replace("\r", "", StringComparison.Ordinal));

        // A value the shell cannot be given: the reason, without .NET's parameter name.
        byte[] message = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nX: a\0b\r\nContent-Length: 0\r\n\r\n");
        (code, _, stderr) = Run(message, "expand", "-", "x $hdr(X)");
        Assert.Equal(2, code);
        Assert.Contains("NUL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Msg_with_json_writes_one_document_and_the_command_output_to_stderr()
    {
        // As a program: exec_msg's command inherits the process's descriptor 1, which --json points at stderr meanwhile.
        string exectool = typeof(Commands).Assembly.Location;
        var (stdout, stderr) = ExecToolkit.Tests.Packaging.PackageBuild.Run(
            "dotnet", $"\"{exectool}\" msg - \"echo child-output\" --json", Path.GetTempPath(), Encoding.ASCII.GetString(MinimalMessage));
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1, json.RootElement.GetProperty("rc").GetInt32());
        Assert.Equal("child-output\n", stderr);
    }

    private static readonly byte[] MinimalMessage = Encoding.ASCII.GetBytes(
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void Lint_reads_standard_input_for_a_dash()
    {
        var (code, stdout, stderr) = Run(Encoding.UTF8.GetBytes("request_route {\n    exec_msg(\"notify.sh $ct\");\n}\n"), "lint", "-");
        Assert.Equal((1, ""), (code, stderr));
        Assert.StartsWith("-(2,25): warning EXEC1001: '$ct' is unquoted", Encoding.UTF8.GetString(stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void Env_prints_the_kamailio_block_then_SIP_ORURI()
    {
        var c = OracleData.Get("03-repeated-headers");
        var (code, stdout, stderr) = Run(null, "env", CorpusFile(c.Name));

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        var expected = new MemoryStream();
        foreach (var (name, value) in c.SipEnvironment("dump-msg.1"))
        {
            expected.Write(Encoding.ASCII.GetBytes(name + "="));
            expected.Write(value);
            expected.WriteByte((byte)'\n');
        }

        expected.Write(Encoding.ASCII.GetBytes("SIP_ORURI=sip:dave@127.0.0.1:5070\n"));
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(stdout));
    }

    [Theory]
    [InlineData("299-name-x-paren")]
    [InlineData("357-cl-duplicate-conflict")]
    public void A_request_Kamailio_routes_without_an_environment_expands_but_has_no_env(string name)
    {
        // Recorded: Kamailio runs the route (its pseudo-variables print) but exec_msg returns -1: no environment.
        string file = Path.Combine(MatrixData.Directory, "corpus", name + ".sip");
        Assert.Equal(-1, MatrixData.Requests[name].ExecMsgReturnCode);

        var (code, stdout, stderr) = Run(null, "env", file);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith("exectool: no environment: the exec functions return -1 for this request (", stderr, System.StringComparison.Ordinal);

        (code, stdout, stderr) = Run(null, "expand", file, "$fU $ci", "--mode", "verbatim");
        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Equal("alice mx" + name[..3] + "-" + name[4..] + "@matrix.test\n", Encoding.UTF8.GetString(stdout));
    }

    [Fact]
    public void Env_json_is_an_array_of_name_value_pairs_in_block_order_and_reads_stdin()
    {
        var c = OracleData.Get("01-invite-plain");
        var (code, stdout, _) = Run(c.Message, "env", "-", "--json", "--source", "127.0.0.1:5071");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var pairs = doc.RootElement.EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToList();
        var expected = c.SipEnvironment("dump-msg.1").Select(e => (e.Name, Encoding.UTF8.GetString(e.Value))).ToList();
        Assert.Equal(expected, pairs.Take(expected.Count));
        Assert.Equal(("SIP_ORURI", "sip:bob@127.0.0.1:5070"), pairs[^1]);
    }

    [Fact]
    public void Env_source_sets_SIP_SRCIP_including_ipv6_without_brackets()
    {
        var (code, stdout, _) = Run(null, "env", CorpusFile("01-invite-plain"), "--source", "[2001:db8::7]:5080");
        Assert.Equal(0, code);
        Assert.Contains("SIP_SRCIP=2001:db8::7\n", Encoding.UTF8.GetString(stdout));
    }

    [Fact]
    public void Expand_prints_the_command_and_a_newline_in_either_mode()
    {
        var c = OracleData.Get("01-invite-plain");
        string recorded = c.Probe("argv-x.1")!.Value.GetProperty("command").GetString()!;

        var verbatim = Run(null, "expand", CorpusFile(c.Name), "ORACLE_DIR/argv.sh '$ct' $rU $$SIP_OUSER", "--mode", "verbatim");
        Assert.Equal(0, verbatim.Code);
        Assert.Equal(recorded + "\n", Encoding.UTF8.GetString(verbatim.Stdout));

        var safe = Run(null, "expand", CorpusFile(c.Name), "echo $rU \"$fu\"");
        Assert.Equal(0, safe.Code);
        Assert.Equal("echo 'bob' \"sip:alice@127.0.0.1\"\n", Encoding.UTF8.GetString(safe.Stdout));
    }

    [Fact]
    public void Expand_argv_prints_the_vector_a_simple_command_runs_with_or_why_it_needs_a_shell()
    {
        var c = OracleData.Get("01-invite-plain");

        var simple = Run(null, "expand", CorpusFile(c.Name), "/usr/bin/route '$rU' \"$fu\" --user='$$x' $rU\"$$SIP_USER\"", "--argv");
        Assert.Equal(0, simple.Code);
        Assert.Equal(["/usr/bin/route", "bob", "sip:alice@127.0.0.1", "--user=$x", "bobbob"],
            System.Text.Json.JsonSerializer.Deserialize<string[]>(simple.Stdout)!);

        var shell = Run(null, "expand", CorpusFile(c.Name), "route $rU | tee log", "--argv");
        Assert.Equal(1, shell.Code);
        Assert.Equal("needs a shell: an operator ('|')\n", Encoding.UTF8.GetString(shell.Stdout));

        var verbatim = Run(null, "expand", CorpusFile(c.Name), "/usr/bin/route '$rU'", "--argv", "--mode", "verbatim");
        Assert.Equal(1, verbatim.Code);
        Assert.Equal("needs a shell: in Verbatim mode a value is shell text\n", Encoding.UTF8.GetString(verbatim.Stdout));
    }

    [Theory]
    [InlineData(new[] { "nope" }, "exectool: Unrecognized command or argument 'nope'. (see 'exectool --help')")]
    [InlineData(new[] { "env" }, "exectool: Required argument 'message-file' missing for command: 'env'. (see 'exectool env --help')")]
    [InlineData(new[] { "env", "/nonexistent/x.sip" }, "exectool: cannot read '/nonexistent/x.sip': no such file")]
    [InlineData(new[] { "env", "-", "--bogus" }, "exectool: Unrecognized command or argument '--bogus'. (see 'exectool env --help')")]
    [InlineData(new[] { "env", "-", "--source", "999.1.1.1" }, "exectool: --source: '999.1.1.1' is not an IP address (see 'exectool env --help')")]
    [InlineData(new[] { "env", "-", "--source", "127.0.0.1:0" }, "exectool: --source: '0' is not a port (1-65535) (see 'exectool env --help')")]
    [InlineData(new[] { "env", "-", "--source" }, "exectool: Required argument missing for option: '--source'. (see 'exectool env --help')")]
    [InlineData(new[] { "expand", "-", "echo $rU.txt" }, "exectool: bad template: unknown pseudo-variable 'rU.txt' at 5")]
    [InlineData(new[] { "expand", "-", "echo", "--mode", "raw" }, "exectool: --mode: expected 'safe' or 'verbatim', got 'raw' (see 'exectool expand --help')")]
    [InlineData(new[] { "lint", "-", "--format", "xml" }, "exectool: --format: expected 'text' or 'sarif', got 'xml' (see 'exectool lint --help')")]
    [InlineData(new[] { "lint", "-", "-" }, "exectool: '-' (standard input) can be given only once")]
    [InlineData(new[] { "lint" }, "exectool: Required argument 'kamailio.cfg' missing for command: 'lint'. (see 'exectool lint --help')")]
    [InlineData(new[] { "help", "nope" }, "exectool: no command 'nope' (try: demo, env, expand, dset, msg, avp, cmd, lint)")]
    public void Bad_usage_exits_2_with_one_line_on_stderr(string[] args, string message)
    {
        var (code, stdout, stderr) = Run(OracleData.Get("01-invite-plain").Message, args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(message + "\n", stderr.Replace("\r\n", "\n", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("0.2", 200)]
    [InlineData("0", 0)]
    [InlineData("200ms", 200)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void Time_to_kill_takes_seconds_or_a_unit(string text, int milliseconds)
        => Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), CliOptions.ParseTime(text));

    [Theory]
    [InlineData("@args")]
    [InlineData("-n x")]
    public void Arguments_are_taken_as_written_no_response_files(string template)
    {
        // '@name' would be a response file (more arguments read from a file) in System.CommandLine's default set-up;
        // a template or file name starting with '-' goes after '--'.
        var (code, stdout, stderr) = Run(OracleData.Get("01-invite-plain").Message, "expand", "-", "--", template);
        Assert.Equal((0, ""), (code, stderr));
        Assert.Equal(template + "\n", Encoding.UTF8.GetString(stdout));
    }

    [Fact]
    public void Bad_message_exits_2_naming_the_problem()
    {
        var (code, stdout, stderr) = Run(Encoding.ASCII.GetBytes("INVITE sip:a@b SIP/2.0\r\nX!Bang: 1\r\n\r\n"), "env", "-");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith("exectool: bad SIP message: ", stderr, System.StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("line 2", stderr, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_shows_the_injection_and_its_safe_expansion()
    {
        var (code, stdout, _) = Run(null, "demo");
        Assert.Equal(0, code);
        string text = Encoding.UTF8.GetString(stdout);
        Assert.Contains("# verbatim expansion (what Kamailio runs)\nlookup.sh 'o'neil' bob'$(reboot)' acme; touch /tmp/pwned \"demo \"$(id)\" `uname`\" $SIP_HF_CALLID\n", text, System.StringComparison.Ordinal);
        Assert.Contains("# shell-safe expansion (ExecToolkit's default)\nlookup.sh 'o'\\''neil' 'bob'\\''$(reboot)'\\''' 'acme; touch /tmp/pwned' \"demo \\\"\\$(id)\\\" \\`uname\\`\" $SIP_HF_CALLID\n", text, System.StringComparison.Ordinal);
    }
}

public class ExecToolExecCommandTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var input = new MemoryStream();
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = Commands.Run(args, input, output, error);
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    private static string Corpus(string name) => Path.Combine(OracleData.Directory, "corpus", name + ".sip");

    [Fact]
    public void Dset_json_has_the_uri_set_and_the_process_facts()
    {
        var (code, stdout, _) = Run("dset", Corpus("01-invite-plain"), "printf 'sip:a@h\\n\\nsip:b@h \\n'; :", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("rc").GetInt32());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("signal").ValueKind);
        Assert.False(root.GetProperty("timedOut").GetBoolean());
        Assert.False(root.GetProperty("truncated").GetBoolean());
        Assert.True(root.GetProperty("durationMs").GetDouble() > 0);
        Assert.Equal("sip:a@h", root.GetProperty("ruri").GetString());
        Assert.Equal(new[] { "sip:b@h" }, root.GetProperty("branches").EnumerateArray().Select(b => b.GetString()));
        Assert.EndsWith("; : 'sip:bob@127.0.0.1:5070'", root.GetProperty("command").GetString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Avp_json_lists_names_indexes_and_values_in_kamailio_order()
    {
        var (code, stdout, _) = Run("avp", Corpus("01-invite-plain"), "printf 'x\\ny\\nz\\n'", "$avp(s:a);$avp(s:a)", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var avps = doc.RootElement.GetProperty("avps").EnumerateArray().Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("index").GetInt32(), a.GetProperty("value").GetString()!)).ToList();
        Assert.Equal(new[] { ("s:a", 0, "y"), ("s:a", 1, "x"), ("i:3", 0, "z") }, avps);
    }

    [Fact]
    public void Msg_gets_the_environment_and_no_setvars_removes_it()
    {
        var with = Run("msg", Corpus("01-invite-plain"), "test \"$$SIP_RURI\" = sip:bob@127.0.0.1:5070");
        var without = Run("msg", Corpus("01-invite-plain"), "test \"$$SIP_RURI\" = sip:bob@127.0.0.1:5070", "--no-setvars");
        Assert.Equal((0, "rc 1\n"), (with.Code, with.Stdout));
        Assert.Equal((1, "rc -1 (ExitStatus)\n"), (without.Code, without.Stdout));
    }

    [Fact]
    public void Cmd_takes_no_message_and_time_to_kill_kills()
    {
        var (code, stdout, _) = Run("cmd", "sleep 30", "--time-to-kill", "0.2", "--json");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("timedOut").GetBoolean());
        Assert.Equal(-1, doc.RootElement.GetProperty("rc").GetInt32());
        Assert.Equal(15, doc.RootElement.GetProperty("signal").GetInt32());
    }

    [Theory]
    [InlineData(new[] { "cmd" }, "exectool: Required argument 'command' missing for command: 'cmd'. (see 'exectool cmd --help')")]
    [InlineData(new[] { "dset", "-" }, "exectool: Required argument 'command' missing for command: 'dset'. (see 'exectool dset --help')")]
    [InlineData(new[] { "cmd", "true", "--time-to-kill", "soon" }, "exectool: --time-to-kill: expected a time such as 2, 0.5s or 200ms (0 for no limit), got 'soon' (see 'exectool cmd --help')")]
    [InlineData(new[] { "cmd", "true", "--time-to-kill", "-1" }, "exectool: --time-to-kill: expected a time such as 2, 0.5s or 200ms (0 for no limit), got '-1' (see 'exectool cmd --help')")]
    [InlineData(new[] { "cmd", "true", "extra" }, "exectool: Unrecognized command or argument 'extra'. (see 'exectool cmd --help')")]
    [InlineData(new[] { "cmd", "echo $SIP_USER" }, "exectool: bad template: unknown pseudo-variable 'SIP_USER' at 5")]
    [InlineData(new[] { "avp", "-", "true", "$var(x)" }, "exectool: bad template: wrong type for AVP list item '$var(x)' (only $avp(...) is allowed) at 0")]
    public void Bad_usage(string[] args, string message)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(message + "\n", stderr);
    }
}
