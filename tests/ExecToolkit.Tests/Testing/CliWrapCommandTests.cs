using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CliWrap;
using CliWrap.Buffered;
using CliWrap.EventStream;
using ExecToolkit.CliWrap;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Testing;

/// <summary>
/// ExecToolkit.CliWrap: the CliWrap command of a call starts what SipExec starts. Both run a recording "shell" (a script
/// in place of /bin/sh) that writes the arguments it got, its <c>SIP_*</c> environment and its stdin, byte for byte.
/// </summary>
public sealed class CliWrapCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "exectoolkit-cliwrap-" + Guid.NewGuid().ToString("N"));
    private readonly string recorder;

    public CliWrapCommandTests()
    {
        Directory.CreateDirectory(dir);
        recorder = Path.Combine(dir, "record.sh");
        // Each run writes its own file set: arguments NUL-separated, the SIP_* part of the environment, stdin.
        ExecutableFile.Write(recorder, $"""
            #!/bin/sh
            f=$(mktemp '{dir}/run.XXXXXX')
            printf '%s\0' "$@" > "$f.args"
            env -0 | grep -z '^SIP_' | sort -z > "$f.env"
            cat > "$f.stdin"
            rm -f "$f"
            """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static readonly string[] Hostile =
    [
        "alice",
        "a'b",
        "$(touch /tmp/pwned)",
        "`id`",
        "a\"b\\c",
        "x; rm -rf /",
        "é€😀",
        "line1\\nline2",
        "  spaced  ",
        "*",
        "~root",
        "-c",
    ];

    private static readonly string[] Templates =
    [
        "lookup.sh '$fU' \"$hdr(X-Value)\" $rU",
        "echo $hdr(X-Value) | tr a-z A-Z",
        "printf '%s\\n' \"$$SIP_HF_X_VALUE\" $(ct)",
        "route --user=$tU --ua=$ua",
    ];

    private static RequestContext Request(string value)
    {
        string text = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\n" +
            "From: <sip:alice@example.org>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: cw-1\r\nCSeq: 1 INVITE\r\n" +
            "Contact: <sip:alice@192.0.2.10>\r\nUser-Agent: " + value + "\r\nX-Value: " + value + "\r\nContent-Length: 0\r\n\r\n";
        return RequestContext.Parse(Encoding.UTF8.GetBytes(text), SipParseMode.Lenient);
    }

    public static TheoryData<ExecFunction, ExpansionMode, int> Cases()
    {
        var data = new TheoryData<ExecFunction, ExpansionMode, int>();
        foreach (ExecFunction function in Enum.GetValues<ExecFunction>())
        {
            foreach (ExpansionMode mode in Enum.GetValues<ExpansionMode>())
            {
                for (int t = 0; t < Templates.Length; t++)
                {
                    data.Add(function, mode, t);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_command_starts_the_same_program_arguments_environment_and_stdin_as_SipExec(ExecFunction function, ExpansionMode mode, int template)
    {
        using var exec = new SipExec(new ExecOptions { Shell = recorder, ExpansionMode = mode });
        foreach (string value in Hostile)
        {
            RequestContext request = Request(value);
            (byte[] Args, byte[] Env, byte[] Stdin) bySipExec = await RecordAsync(async () =>
            {
                ExecResult result = function switch
                {
                    ExecFunction.Dset => await exec.ExecDsetAsync(request, Templates[template]),
                    ExecFunction.Msg => await exec.ExecMsgAsync(request, Templates[template]),
                    ExecFunction.Avp => await exec.ExecAvpAsync(request, Templates[template]),
                    _ => await exec.ExecCmdAsync(request, Templates[template]),
                };
                Assert.True(result.Failure is ExecFailure.None or ExecFailure.NoOutput, result.Failure + ": " + result.Detail);
            });
            (byte[] Args, byte[] Env, byte[] Stdin) byCliWrap = await RecordAsync(async () =>
                await exec.CreateCommand(function, Request(value), Templates[template]).ExecuteAsync());

            Assert.Equal(Encoding.UTF8.GetString(bySipExec.Args), Encoding.UTF8.GetString(byCliWrap.Args));
            Assert.Equal(bySipExec.Env, byCliWrap.Env);
            Assert.Equal(bySipExec.Stdin, byCliWrap.Stdin);
            Assert.StartsWith("-c\0", Encoding.UTF8.GetString(byCliWrap.Args), StringComparison.Ordinal);
            Assert.Equal(function is not ExecFunction.Cmd, Encoding.UTF8.GetString(byCliWrap.Env).Contains("\0SIP_HF_X_VALUE=", StringComparison.Ordinal));
            Assert.Equal(function == ExecFunction.Msg ? request.Request.Raw.ToArray() : [], byCliWrap.Stdin);
        }
    }

    private async Task<(byte[] Args, byte[] Env, byte[] Stdin)> RecordAsync(Func<Task> run)
    {
        foreach (string old in Directory.GetFiles(dir, "run.*"))
        {
            File.Delete(old);
        }

        await run();
        string args = Assert.Single(Directory.GetFiles(dir, "run.*.args"));
        string stem = args[..^".args".Length];
        return (File.ReadAllBytes(args), File.ReadAllBytes(stem + ".env"), File.ReadAllBytes(stem + ".stdin"));
    }

    [Fact]
    public async Task Buffered_and_streamed_execution_give_the_output_SipExec_reads()
    {
        using var exec = new SipExec();
        RequestContext request = Request("$(id)'\"");
        AvpResult avp = await exec.ExecAvpAsync(request, "printf '%s\\n' \"$hdr(X-Value)\" \"$$SIP_USER\"");

        BufferedCommandResult buffered = await exec.CreateCommand(ExecFunction.Avp, Request("$(id)'\""), "printf '%s\\n' \"$hdr(X-Value)\" \"$$SIP_USER\"").ExecuteBufferedAsync();
        var streamed = new List<string>();
        await foreach (CommandEvent e in exec.CreateCommand(ExecFunction.Avp, Request("$(id)'\""), "printf '%s\\n' \"$hdr(X-Value)\" \"$$SIP_USER\"").ListenAsync())
        {
            if (e is StandardOutputCommandEvent line)
            {
                streamed.Add(line.Text);
            }
        }

        Assert.Equal(["$(id)'\"", "bob"], avp.Assignments.Select(a => a.Value));
        Assert.Equal("$(id)'\"\nbob\n", buffered.StandardOutput);
        Assert.Equal(avp.Assignments.Select(a => a.Value), streamed);
    }

    [Fact]
    public void A_value_SipExec_refuses_is_refused_here_too()
    {
        using var exec = new SipExec();
        RequestContext request = RequestContext.Parse(Encoding.ASCII.GetBytes(
            "OPTIONS sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:bob@h>\r\n" +
            "Call-ID: x\r\nCSeq: 1 OPTIONS\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);

        Assert.Throws<UnsafeShellValueException>(() => exec.CreateCommand(ExecFunction.Cmd, request, "echo $hdr(X-Nul)"));
    }

    [Fact]
    public void A_request_byte_that_is_not_UTF8_is_refused_rather_than_changed()
    {
        using var exec = new SipExec();
        byte[] text = Encoding.ASCII.GetBytes(
            "OPTIONS sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:bob@h>\r\n" +
            "Call-ID: x\r\nCSeq: 1 OPTIONS\r\nX-Latin: caf?\r\nContent-Length: 0\r\n\r\n");
        text[Array.IndexOf(text, (byte)'?')] = 0xE9;
        RequestContext request = RequestContext.Parse(text, SipParseMode.Lenient);

        var inCommand = Assert.Throws<NotSupportedException>(() => exec.CreateCommand(ExecFunction.Cmd, request, "echo $hdr(X-Latin)"));
        Assert.Contains("the command", inCommand.Message, StringComparison.Ordinal);
        var inVariable = Assert.Throws<NotSupportedException>(() => exec.CreateCommand(ExecFunction.Dset, request, "true"));
        Assert.StartsWith("SIP_HF_X_LATIN", inVariable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_options_and_errors_are_those_of_Prepare()
    {
        using var exec = new SipExec(new ExecOptions { SetVars = true });
        RequestContext request = Request("v");

        ShellInvocation withoutVars = exec.Prepare(ExecFunction.Dset, request, "route", new ExecCallOptions { SetVars = false });
        Assert.Empty(withoutVars.Variables);
        Assert.Equal("route 'sip:bob@example.com'", withoutVars.Command);
        Assert.Equal("echo $hdr(X-Value)", exec.Prepare(ExecFunction.Cmd, request, "echo $$hdr(X-Value)").Command);
        Assert.Equal("echo v", exec.Prepare(ExecFunction.Cmd, request, "echo $hdr(X-Value)", new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim }).Command);
        Assert.Equal("true", exec.Prepare(ExecFunction.Cmd, null, "true").Command);
        Assert.Throws<ArgumentNullException>(() => exec.Prepare(ExecFunction.Cmd, null, "echo $rU"));
        Assert.Throws<ArgumentNullException>(() => exec.Prepare(ExecFunction.Dset, null, "true"));
        Assert.Throws<ArgumentOutOfRangeException>(() => exec.Prepare((ExecFunction)9, request, "true"));
        RequestContext broken = RequestContext.Parse(Encoding.ASCII.GetBytes(
            "OPTIONS sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:bob@h>\r\n" +
            "Call-ID: x\r\nCSeq: 1 OPTIONS\r\nX!Bang: 1\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);
        Assert.Throws<InvalidOperationException>(() => exec.Prepare(ExecFunction.Msg, broken, "true"));
        Assert.Equal("true", exec.Prepare(ExecFunction.Cmd, broken, "true").Command); // exec_cmd has no environment to build
    }
}
