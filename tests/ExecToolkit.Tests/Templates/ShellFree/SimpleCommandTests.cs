using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Sip;
using ExecToolkit.Templates;
using ExecToolkit.Tests.Testing;

namespace ExecToolkit.Tests.Templates.ShellFree;

/// <summary>
/// The ground work of shell-free execution (issue 17): which templates are one simple command, and their argument
/// vector. For every such template and hostile values, the vector built without a shell equals, byte for byte, what a
/// program receives through <c>sh -c</c> of the ShellSafe expansion, under every shell a user may have as /bin/sh.
/// </summary>
public sealed class SimpleCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "exec-simple-" + Guid.NewGuid().ToString("N"));
    private readonly string recorder;

    public SimpleCommandTests()
    {
        Directory.CreateDirectory(dir);
        recorder = Path.Combine(dir, "rec.sh");
        ExecutableFile.Write(recorder, "#!/bin/sh\nprintf '%s\\0' \"$0\" \"$@\"\n");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string> Shells() => new("/bin/sh", "bash", "busybox sh", "mksh", "ksh93", "zsh", "yash", "posh");

    // REC stands for the recorder's path (a literal with '/').
    private static readonly string[] SimpleTemplates =
    [
        "REC '$hdr(X-A)' \"$hdr(X-A)\" $hdr(X-A) x$hdr(X-A)y",
        "REC \"a b\" '' \"\" a'b'\"c\" --opt=$rU user@host:5060 50% a+b,c",
        "REC \"$$EXEC_T\" \"$${EXEC_T}x\" \"pre$${EXEC_T}$hdr(X-A)\" \"$$EXEC_UNSET\" \"\\$$x\\\"y\\\\z\\`\" 'a\"b' \"a'b\"",
        "REC $rU$hdr(X-A) '$fU'\"$tU\"$ci \"line1\nline2\" \"back\\slash\"",
        "  REC\t$hdr(X-A)   trailing  ",
        "\"$$EXEC_HOME_DIR/rec.sh\" one \"$hdr(X-A)\"",
    ];

    private static readonly string[] Values =
    [
        "plain", "a b", "  spaced  ", "'", "\"", "\\", "`id`", "$(id)", "$HOME", "${HOME}", "*", "?", "[a]", "~root", "a;b", "a|b", "a&b",
        "a>b", "#c", "-n", "--", "=", "é€😀", "line\\nline", "\t", "!", "{a,b}", "'\"$`\\", "$", "$1", "$@",
    ];

    private static RequestContext Request(string value) => RequestContext.Parse(Encoding.UTF8.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
        "To: <sip:carol@example.com>\r\nCall-ID: sc-1\r\nCSeq: 1 INVITE\r\nX-A: " + value + "\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);

    [Theory]
    [MemberData(nameof(Shells))]
    public void The_vector_built_without_a_shell_is_what_the_shell_passes(string shell)
    {
        var environment = new Dictionary<string, string> { ["EXEC_T"] = "t v*$x", ["EXEC_HOME_DIR"] = dir };
        int compared = 0;
        foreach (string written in SimpleTemplates)
        {
            CommandTemplate template = CommandTemplate.Parse(written.Replace("REC", recorder, StringComparison.Ordinal));
            SimpleCommand? simple = SimpleCommand.Analyze(template.Tokens, verbatim: false, out string? reason);
            Assert.True(simple is not null, written + ": " + reason);
            foreach (string value in Values)
            {
                RequestContext request = Request(value);
                string command;
                try
                {
                    command = template.Expand(request, ExpansionMode.ShellSafe);
                }
                catch (UnsafeShellValueException)
                {
                    continue; // refused for the shell: nothing runs either way
                }

                string[] expected = Run(shell, command, environment);
                string[] built = simple!.Arguments(t => PseudoVariableEvaluator.Print(template.Tokens[t].Variable!, request), name => environment.GetValueOrDefault(name));
                // $0 of the script is the path the shell ran it by: the program word.
                Assert.True(expected.SequenceEqual(built), shell + " -c " + command + "\nshell:   " + string.Join(" | ", expected) + "\nbuilt:   " + string.Join(" | ", built));
                compared++;
            }
        }

        Assert.True(compared > SimpleTemplates.Length * Values.Length / 2, "too few comparisons: " + compared);
    }

    private static string[] Run(string shell, string command, Dictionary<string, string> environment)
    {
        string[] words = shell.Split(' ');
        var psi = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string w in words.Skip(1).Concat(["-c", command]))
        {
            psi.ArgumentList.Add(w);
        }

        psi.Environment.Remove("EXEC_UNSET");
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using Process p = Process.Start(psi)!;
        using var output = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(output);
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && error.Length == 0, shell + " -c " + command + ": exit " + p.ExitCode + " " + error);
        string text = Encoding.UTF8.GetString(output.ToArray());
        return text.Length == 0 ? [] : text[..^1].Split('\0');
    }

    [Theory]
    [InlineData("a; b", "an operator")]
    [InlineData("a | b", "an operator")]
    [InlineData("a && b", "an operator")]
    [InlineData("a > f", "a redirection")]
    [InlineData("a < f", "a redirection")]
    [InlineData("a <<EOF", "a redirection")]
    [InlineData("a $$(b)", "outside double quotes")]
    [InlineData("a \"$$(b)\"", "other than")]
    [InlineData("a `b`", "command substitution")]
    [InlineData("a \"`b`\"", "command substitution")]
    [InlineData("a $$HOME", "outside double quotes")]
    [InlineData("a \"$$1\"", "other than")]
    [InlineData("a \"$${X:-y}\"", "other than")]
    [InlineData("a \"$$X$rU\"", "a value right after $NAME")]
    [InlineData("a *.txt", "a glob")]
    [InlineData("a [x]", "a glob")]
    [InlineData("a ~/x", "a tilde")]
    [InlineData("a {b,c}", "a brace")]
    [InlineData("a # c", "a comment")]
    [InlineData("a \\x", "a backslash")]
    [InlineData("a\nb", "a line break")]
    [InlineData("X=1 a", "an assignment")]
    [InlineData("if true", "keyword or builtin")]
    [InlineData("echo x", "keyword or builtin")]
    [InlineData("printf x", "keyword or builtin")]
    [InlineData("cd /", "keyword or builtin")]
    [InlineData("exit 3", "keyword or builtin")]
    [InlineData("$rU x", "could name a builtin")]
    [InlineData("\"$$PROG\" x", "could name a builtin")]
    [InlineData("'' x", "an empty program name")]
    [InlineData("a 'open", "an unterminated quote")]
    [InlineData("(a)", "a subshell")]
    [InlineData("", "no command")]
    public void A_template_that_needs_a_shell_is_refused_with_the_reason(string written, string reason)
    {
        CommandTemplate template = CommandTemplate.Parse(written);
        Assert.Null(SimpleCommand.Analyze(template.Tokens, verbatim: false, out string? why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbatim_mode_always_needs_a_shell_and_a_NUL_is_refused()
    {
        CommandTemplate template = CommandTemplate.Parse("/bin/echo '$hdr(X-A)'");
        Assert.Null(SimpleCommand.Analyze(template.Tokens, verbatim: true, out string? why));
        Assert.Contains("Verbatim", why, StringComparison.Ordinal);

        SimpleCommand simple = SimpleCommand.Analyze(template.Tokens, verbatim: false, out _)!;
        Assert.Throws<UnsafeShellValueException>(() => simple.Arguments(_ => "a\0b", _ => null));
        Assert.Equal(["/bin/echo", "a b"], simple.Arguments(_ => "a b", _ => null));
    }
}
