using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Sip;
using ExecToolkit.Tests.Testing;

namespace ExecToolkit.Tests.Templates.ShellFree;

/// <summary>
/// ShellUse.WhenNeeded: a simple ShellSafe template starts its program without /bin/sh, and the program gets exactly
/// the arguments, environment and stdin it gets through the shell; exit statuses 126 and 127, PATH search and files
/// without #! behave as with the shell.
/// </summary>
public sealed class ShellFreeExecTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "exec-free-" + Guid.NewGuid().ToString("N"));
    private readonly string recorder;

    public ShellFreeExecTests()
    {
        Directory.CreateDirectory(dir);
        recorder = Path.Combine(dir, "rec.sh");
        // Writes its arguments, its SIP_* environment and its stdin, each to a new file; prints two lines; exits 3 when asked.
        ExecutableFile.Write(recorder, $"""
            #!/bin/sh
            f=$(mktemp '{dir}/run.XXXXXX')
            printf '%s\0' "$0" "$@" > "$f.args"
            env -0 | grep -z '^SIP_' | sort -z > "$f.env"
            cat > "$f.stdin"
            printf 'sip:one@h\nsip:two@h\n'
            [ "$1" = fail ] && exit 3
            exit 0
            """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static RequestContext Request(string value) => RequestContext.Parse(Encoding.UTF8.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
        "To: <sip:carol@example.com>\r\nCall-ID: sf-1\r\nCSeq: 1 INVITE\r\nX-A: " + value + "\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);

    private static readonly string[] Values = ["plain", "a b", "'\"$`\\", "$(id)", "*", "~root", "-n", "é€", "a;b|c&d>e", "{a,b}", "#x"];

    private static readonly string[] Templates =
    [
        "REC '$hdr(X-A)' \"$hdr(X-A)\" $hdr(X-A) x$hdr(X-A)y",
        "REC \"$$SIP_HF_X_A\" \"$${SIP_USER}/$hdr(X-A)\" 'lit $$x' \"\"",
        "REC fail $rU",
    ];

    private async Task<(ExecResult Result, byte[] Args, byte[] Env, byte[] Stdin)> RecordAsync(SipExec exec, ExecFunction function, string template, RequestContext request)
    {
        foreach (string old in Directory.GetFiles(dir, "run.*"))
        {
            File.Delete(old);
        }

        ExecResult result = function switch
        {
            ExecFunction.Dset => await exec.ExecDsetAsync(request, template),
            ExecFunction.Msg => await exec.ExecMsgAsync(request, template),
            ExecFunction.Avp => await exec.ExecAvpAsync(request, template),
            _ => await exec.ExecCmdAsync(request, template),
        };
        string args = Assert.Single(Directory.GetFiles(dir, "run.*.args"));
        string stem = args[..^".args".Length];
        return (result, File.ReadAllBytes(args), File.ReadAllBytes(stem + ".env"), File.ReadAllBytes(stem + ".stdin"));
    }

    [Theory]
    [InlineData(ExecFunction.Dset)]
    [InlineData(ExecFunction.Msg)]
    [InlineData(ExecFunction.Avp)]
    [InlineData(ExecFunction.Cmd)]
    public async Task The_program_gets_what_it_gets_through_the_shell(ExecFunction function)
    {
        using var withShell = new SipExec(new ExecOptions { ShellUse = ShellUse.Always, Stderr = StderrHandling.Discard });
        using var withoutShell = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded, Stderr = StderrHandling.Discard });
        foreach (string written in Templates)
        {
            string template = written.Replace("REC", recorder, StringComparison.Ordinal);
            foreach (string value in Values)
            {
                var shell = await RecordAsync(withShell, function, template, Request(value));
                var direct = await RecordAsync(withoutShell, function, template, Request(value));

                Assert.Null(shell.Result.Arguments);
                Assert.NotNull(direct.Result.Arguments); // it did start without the shell
                Assert.Equal(Encoding.UTF8.GetString(shell.Args), Encoding.UTF8.GetString(direct.Args));
                Assert.Equal(shell.Env, direct.Env);
                Assert.Equal(shell.Stdin, direct.Stdin);
                Assert.Equal(Encoding.UTF8.GetString(shell.Args)[..^1].Split('\0'), direct.Result.Arguments);
                Assert.Equal((shell.Result.ReturnCode, shell.Result.Failure, shell.Result.ExitCode, shell.Result.Command),
                    (direct.Result.ReturnCode, direct.Result.Failure, direct.Result.ExitCode, direct.Result.Command));
                if (shell.Result is DsetResult d)
                {
                    Assert.Equal((d.RequestUri, string.Join(',', d.Branches)), (((DsetResult)direct.Result).RequestUri, string.Join(',', ((DsetResult)direct.Result).Branches)));
                }
            }
        }
    }

    [Fact]
    public async Task Missing_and_unexecutable_programs_give_127_and_126_as_the_shell_does()
    {
        string plain = Path.Combine(dir, "not-executable");
        ExecutableFile.Write(plain, "#!/bin/sh\necho hi\n", executable: false);
        using var withShell = new SipExec(new ExecOptions { Stderr = StderrHandling.Capture });
        using var withoutShell = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded, Stderr = StderrHandling.Capture });
        foreach (string template in new[] { Path.Combine(dir, "missing") + " x", "no-such-program-exec-toolkit x", plain + " x" })
        {
            ExecResult shell = await withShell.ExecCmdAsync(null, template);
            ExecResult direct = await withoutShell.ExecCmdAsync(null, template);
            Assert.Equal((shell.ReturnCode, shell.Failure, shell.ExitCode), (direct.ReturnCode, direct.Failure, direct.ExitCode));
            Assert.Contains(direct.ExitCode, new int?[] { 126, 127 });
            Assert.Null(direct.Arguments); // nothing started
        }
    }

    [Fact]
    public async Task A_program_found_on_PATH_and_a_script_without_a_shebang_run_as_with_the_shell()
    {
        string noShebang = Path.Combine(dir, "plain-script");
        ExecutableFile.Write(noShebang, "printf '%s\\n' \"$@\" x\n");
        using var withShell = new SipExec();
        using var withoutShell = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded });
        foreach (string template in new[] { "id -u", noShebang + " '$hdr(X-A)' b" })
        {
            RequestContext a = Request("v w"), b = Request("v w");
            AvpResult shell = await withShell.ExecAvpAsync(a, template);
            AvpResult direct = await withoutShell.ExecAvpAsync(b, template);
            Assert.Equal(1, direct.ReturnCode);
            Assert.Equal(shell.Assignments, direct.Assignments);
        }

        Assert.Equal(["id", "-u"], (await withoutShell.ExecAvpAsync(Request("x"), "id -u")).Arguments);
        Assert.Null((await withoutShell.ExecAvpAsync(Request("x"), noShebang + " y")).Arguments); // ran through the shell (ENOEXEC)
    }

    [Fact]
    public async Task Templates_that_need_a_shell_and_Verbatim_mode_still_use_it()
    {
        using var exec = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded });
        AvpResult piped = await exec.ExecAvpAsync(Request("x"), "echo a | tr a b");
        Assert.Equal((1, "b", null), (piped.ReturnCode, piped.Assignments.Single().Value, piped.Arguments));

        AvpResult verbatim = await exec.ExecAvpAsync(Request("x"), "id -u", call: new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim });
        Assert.Null(verbatim.Arguments);
        Assert.NotNull((await exec.ExecAvpAsync(Request("x"), "id -u")).Arguments);
        Assert.Null((await exec.ExecAvpAsync(Request("x"), "id -u", call: new ExecCallOptions { ShellUse = ShellUse.Always })).Arguments);
    }
}
